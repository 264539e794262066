using System;
using System.Linq;
using LockLeak.Infrastructure;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Contract
{
    /// <summary>Which row of SPEC's fix table an owner type falls in.</summary>
    internal enum DisposeShapeKind
    {
        /// <summary>The type declares Dispose(bool), Dispose(), DisposeAsync/DisposeAsyncCore, ReleaseHandle or a finalizer.</summary>
        Own,
        /// <summary>Disposable through a base whose Dispose(bool), Dispose() or protected virtual hook it can override.</summary>
        BaseOverride,
        /// <summary>Disposable through a base whose Dispose cannot be extended: no fix, and the LCK002 message says why.</summary>
        BaseNotExtensible,
        /// <summary>Nothing disposes the type yet: the fix adds IDisposable (where allowed) and a Dispose.</summary>
        New,
    }

    /// <summary>
    /// The one decision of where a release goes, per owner type: read by the LCK002 message, the managed fix and the
    /// native fix, so they cannot disagree about whether (and how) a base type's Dispose can be extended.
    /// </summary>
    internal sealed class DisposeShape
    {
        private DisposeShape(DisposeShapeKind kind) => Kind = kind;

        public DisposeShapeKind Kind { get; }

        /// <summary>The type's own synchronous path: Dispose(bool), else Dispose(), else explicit IDisposable.Dispose.</summary>
        public IMethodSymbol? Sync { get; private set; }

        /// <summary>The type's own asynchronous path: DisposeAsyncCore, else DisposeAsync.</summary>
        public IMethodSymbol? Async { get; private set; }

        /// <summary>Both paths exist and the asynchronous one does not call the synchronous one: each must release.</summary>
        public bool BothPathsRelease { get; private set; }

        public IMethodSymbol? Finalizer { get; private set; }

        /// <summary>The method of the type's own that a release goes into and diagnostics point at: the synchronous path, else the asynchronous one, else ReleaseHandle, else the finalizer.</summary>
        public IMethodSymbol? ReleaseTarget => Sync ?? Async ?? ReleaseHandle ?? Finalizer;

        /// <summary>ReleaseHandle of a SafeHandle subclass.</summary>
        public IMethodSymbol? ReleaseHandle { get; private set; }

        /// <summary>For <see cref="DisposeShapeKind.BaseOverride"/>: the base method to override.</summary>
        public IMethodSymbol? Overridden { get; private set; }

        /// <summary>For <see cref="DisposeShapeKind.BaseOverride"/>: the accessibility the override must declare.</summary>
        public Accessibility OverrideAccessibility { get; private set; }

        /// <summary>For <see cref="DisposeShapeKind.BaseNotExtensible"/>: the base Dispose() that cannot be overridden.</summary>
        public IMethodSymbol? NotExtensible { get; private set; }

        /// <summary>For <see cref="DisposeShapeKind.New"/>: a plain `public void Dispose()` (sealed class, struct) rather than the pattern.</summary>
        public bool NewIsPlain { get; private set; }

        /// <summary>For <see cref="DisposeShapeKind.New"/>: IDisposable goes on the base list (not on a ref struct, which disposes by pattern).</summary>
        public bool NewImplementsInterface { get; private set; }

        /// <summary>For <see cref="DisposeShapeKind.New"/>: a base type already has a Dispose that a new one would hide.</summary>
        public bool NewWouldHide { get; private set; }

        public bool IsStruct { get; private set; }

        public static DisposeShape For(INamedTypeSymbol type, Compilation compilation)
        {
            var methods = type.GetMembers().OfType<IMethodSymbol>().Where(m => !m.IsStatic && m.Locations.Any(l => l.IsInSource)).ToList();
            var sync = methods.FirstOrDefault(IsDisposeBool)
                ?? methods.FirstOrDefault(m => m.MethodKind == MethodKind.Ordinary && m.Name == "Dispose" && m.Parameters.Length == 0)
                ?? methods.FirstOrDefault(m => m.MethodKind == MethodKind.ExplicitInterfaceImplementation && m.Name.EndsWith(".Dispose", StringComparison.Ordinal) && m.Parameters.Length == 0);
            var async = methods.FirstOrDefault(m => m.Name == "DisposeAsyncCore" && m.Parameters.Length == 0)
                ?? methods.FirstOrDefault(m => m.Parameters.Length == 0 && (m.Name == "DisposeAsync"
                    || (m.MethodKind == MethodKind.ExplicitInterfaceImplementation && m.Name.EndsWith(".DisposeAsync", StringComparison.Ordinal))));
            // An override of the base's hook (`protected override void OnDisposing()`) is the type's own synchronous path.
            if (sync is null && methods.Any(m => m.IsOverride && m.Parameters.Length == 0) && FindOverridable(type, compilation) is { } baseHook)
            {
                sync = methods.FirstOrDefault(m => m.IsOverride && m.Parameters.Length == 0 && m.OverriddenMethod is { } hook
                    && SymbolEqualityComparer.Default.Equals(baseHook.OriginalDefinition, hook.OriginalDefinition));
            }

            var finalizer = methods.FirstOrDefault(m => m.MethodKind == MethodKind.Destructor);
            var releaseHandle = methods.FirstOrDefault(m => m.Name == "ReleaseHandle" && m.IsOverride && m.Parameters.Length == 0);

            if (sync is not null || async is not null || finalizer is not null || releaseHandle is not null)
            {
                return new DisposeShape(DisposeShapeKind.Own)
                {
                    Sync = sync,
                    Async = async,
                    BothPathsRelease = sync is not null && async is not null && !CallsDispose(async, compilation),
                    Finalizer = finalizer,
                    ReleaseHandle = releaseHandle,
                    IsStruct = type.TypeKind == TypeKind.Struct,
                };
            }

            if (IsDisposableThroughBase(type))
            {
                if (FindOverridable(type, compilation) is { } overridden)
                {
                    return new DisposeShape(DisposeShapeKind.BaseOverride)
                    {
                        Overridden = overridden,
                        OverrideAccessibility = OverrideAccessibilityOf(overridden, compilation),
                    };
                }

                return new DisposeShape(DisposeShapeKind.BaseNotExtensible) { NotExtensible = BaseDispose(type) };
            }

            return new DisposeShape(DisposeShapeKind.New)
            {
                NewIsPlain = type.IsSealed || type.TypeKind == TypeKind.Struct,
                NewImplementsInterface = !type.IsRefLikeType,
                NewWouldHide = HasBaseDispose(type, compilation),
                IsStruct = type.TypeKind == TypeKind.Struct,
            };
        }

        public static bool IsDisposeBool(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Ordinary && method.Name == "Dispose" && method.Parameters.Length == 1
            && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean;

        /// <summary>
        /// `protected internal` stays `protected internal` when the base is in the same assembly (CS0507 otherwise) and
        /// becomes `protected` across assemblies, where the internal half is not visible.
        /// </summary>
        private static Accessibility OverrideAccessibilityOf(IMethodSymbol overridden, Compilation compilation) =>
            overridden.DeclaredAccessibility == Accessibility.ProtectedOrInternal
            && !SymbolEqualityComparer.Default.Equals(overridden.ContainingAssembly, compilation.Assembly)
                ? Accessibility.Protected
                : overridden.DeclaredAccessibility;

        private static bool IsDisposableThroughBase(INamedTypeSymbol type) =>
            type.BaseType is { } baseType && baseType.AllInterfaces.Any(i => i.ContainingNamespace?.ToDisplayString() == "System" && i.Name is "IDisposable" or "IAsyncDisposable");

        /// <summary>Whether the asynchronous path hands over to the synchronous one (`Dispose()`, `Dispose(true)`).</summary>
        private static bool CallsDispose(IMethodSymbol async, Compilation compilation)
        {
            foreach (var reference in async.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                foreach (var invocation in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    var name = invocation.Expression switch
                    {
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } access => access.Name.Identifier.ValueText,
                        MemberAccessExpressionSyntax { Expression: ParenthesizedExpressionSyntax { Expression: CastExpressionSyntax { Expression: ThisExpressionSyntax } } } access => access.Name.Identifier.ValueText,
                        _ => null,
                    };
                    if (name == "Dispose")
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// What a derived type overrides to take part in its base type's disposal: a virtual Dispose(bool), a virtual
        /// Dispose(), or else a protected virtual hook whose name says Dispose that the base's Dispose calls (visible
        /// only when the base is in source). Null when the base's Dispose cannot be extended.
        /// </summary>
        private static IMethodSymbol? FindOverridable(INamedTypeSymbol type, Compilation compilation)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                var disposeBool = current.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic && IsDisposeBool(m));
                if (disposeBool is not null)
                {
                    if (CanOverride(disposeBool, type, compilation))
                    {
                        return disposeBool;
                    }

                    break;
                }
            }

            if (BaseDispose(type) is not { } implementation)
            {
                return null;
            }

            if (implementation.MethodKind == MethodKind.Ordinary && CanOverride(implementation, type, compilation))
            {
                return implementation;
            }

            return FindHook(implementation, type, compilation);
        }

        private static IMethodSymbol? BaseDispose(INamedTypeSymbol type)
        {
            var disposable = type.BaseType?.AllInterfaces.FirstOrDefault(i => i.ContainingNamespace?.ToDisplayString() == "System" && i.Name == "IDisposable");
            var member = disposable?.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault();
            return member is null ? null : type.BaseType!.FindImplementationForInterfaceMember(member) as IMethodSymbol;
        }

        private static IMethodSymbol? FindHook(IMethodSymbol dispose, INamedTypeSymbol type, Compilation compilation)
        {
            foreach (var reference in dispose.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                {
                    continue;
                }

                foreach (var invocation in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    // Matched by name in the base chain: binding the base's body is not needed to see `OnDisposing()`.
                    // Any overridable parameterless method the base's Dispose calls on itself is where it lets a derived type take part.
                    var called = invocation.Expression switch
                    {
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
                        _ => null,
                    };
                    if (called is null || invocation.ArgumentList.Arguments.Count != 0)
                    {
                        continue;
                    }

                    // The override the derived type would extend is the most derived one in its base chain.
                    for (var current = type.BaseType; current is not null; current = current.BaseType)
                    {
                        var declared = current.GetMembers(called).OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic && m.Parameters.Length == 0);
                        if (declared is not null)
                        {
                            if (CanOverride(declared, type, compilation))
                            {
                                return declared;
                            }

                            break;
                        }
                    }
                }
            }

            return null;
        }

        private static bool CanOverride(IMethodSymbol method, INamedTypeSymbol type, Compilation compilation) =>
            (method.IsVirtual || method.IsAbstract || method.IsOverride) && !method.IsSealed && method.ReturnsVoid
            && method.DeclaredAccessibility != Accessibility.Private && compilation.IsSymbolAccessibleWithin(method, type);

        /// <summary>A Dispose() or Dispose(bool) a base type has: a new one would hide it, not extend it.</summary>
        private static bool HasBaseDispose(INamedTypeSymbol type, Compilation compilation)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.GetMembers("Dispose").OfType<IMethodSymbol>().Any(m => !m.IsStatic && (m.Parameters.Length == 0 || IsDisposeBool(m))
                    && compilation.IsSymbolAccessibleWithin(m, type)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
