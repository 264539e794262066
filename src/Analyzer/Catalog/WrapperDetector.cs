using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Catalog
{
    /// <summary>Finds the wrappers of a compilation: its own disposable types that hold a lock primitive themselves.</summary>
    internal sealed class WrapperDetector
    {
        private static readonly Func<NativeRole, bool> IsCreator = role => role is NativeRole.InitializeInPlace or NativeRole.CreateHandle;

        private readonly LockCatalog catalog;
        private readonly AnswerCache<INamedTypeSymbol, WrapperInfo> wrappers = new AnswerCache<INamedTypeSymbol, WrapperInfo>(4096, SymbolEqualityComparer.Default);

        // Whether a type is a wrapper depends on the lock types configured where the question is asked
        // (lockleak.additional_lock_types may differ per folder): one cache per configuration, keyed by the resolved set,
        // which LockCatalog.AdditionalTypes hands out once per distinct setting. The common case, no setting, keeps the
        // plain cache above.
        private readonly ConcurrentDictionary<ImmutableHashSet<INamedTypeSymbol>, AnswerCache<INamedTypeSymbol, WrapperInfo>> wrappersByConfiguration =
            new ConcurrentDictionary<ImmutableHashSet<INamedTypeSymbol>, AnswerCache<INamedTypeSymbol, WrapperInfo>>();

        public WrapperDetector(LockCatalog catalog)
        {
            this.catalog = catalog;
        }

        /// <summary>
        /// A disposable type of this compilation that declares an instance field of a lock primitive type and creates
        /// what it keeps there, or whose constructors call a native lock initializer. One level only: a field of a wrapper
        /// type does not make a wrapper, and neither does an inherited field.
        /// </summary>
        public WrapperInfo? Get(INamedTypeSymbol? type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (type is null || type.TypeKind is not (TypeKind.Class or TypeKind.Struct)
                || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, catalog.Compilation.Assembly))
            {
                return null;
            }

            var cache = additional.IsEmpty
                ? wrappers
                : wrappersByConfiguration.GetOrAdd(additional, _ => new AnswerCache<INamedTypeSymbol, WrapperInfo>(1024, SymbolEqualityComparer.Default));
            var info = cache.GetOrCompute(type.OriginalDefinition, (Detector: this, Additional: additional), static (t, a) => a.Detector.Compute(t, a.Additional));
            return info.IsWrapper ? info : null;
        }

        private WrapperInfo Compute(INamedTypeSymbol type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (!catalog.IsDisposable(type) || catalog.IsManagedPrimitive(type, additional))
            {
                return WrapperInfo.None;
            }

            var mayHoldNative = catalog.IsSafeHandle(type);
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    var fieldType = field.Type;
                    if (catalog.IsManagedPrimitive(fieldType, additional))
                    {
                        // Wrappers own what they hold: a lease that only keeps the caller's semaphore to Release() it is none.
                        var name = field.AssociatedSymbol?.Name ?? field.Name;
                        if (CreatesInto(type, field, name))
                        {
                            return new WrapperInfo(fieldType.Name, name);
                        }

                        continue;
                    }

                    mayHoldNative |= LockCatalog.IsNativeStorage(fieldType) || (fieldType.TypeKind == TypeKind.Class && catalog.IsSafeHandle(fieldType));
                }
            }

            // A native lock the wrapper keeps lives in a field of its own: its pointer, IntPtr, handle or inline struct
            // (or the handle of a SafeHandle). Without one, no constructor of it is read.
            if (!mayHoldNative)
            {
                return WrapperInfo.None;
            }

            // The classic case: the wrapper's own constructor (or an Init method it calls) initializes a native critical section.
            var visited = new HashSet<string>(StringComparer.Ordinal);
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    var native = FindNativeInitializerCall(type, reference.GetSyntax(), 0, visited);
                    if (native is not null)
                    {
                        return new WrapperInfo(native.LockName, null);
                    }
                }
            }

            return WrapperInfo.None;
        }

        /// <summary>
        /// Does the type itself create what it keeps in the field: an initializer, or an assignment in a constructor (or a
        /// method of its own a constructor calls) whose value creates something? Read by syntax, like the native case, so
        /// no semantic model is built for the question. A value that only names a parameter (`_gate = gate`, `gate ?? throw
        /// ...`) creates nothing; any object creation or call in it may (`gate ?? new SemaphoreSlim(1)`,
        /// `Mutex.OpenExisting(name)`), and the type is then taken to own it.
        /// </summary>
        private static bool CreatesInto(INamedTypeSymbol type, IFieldSymbol field, string name)
        {
            var declared = field.AssociatedSymbol ?? field;
            foreach (var reference in declared.DeclaringSyntaxReferences)
            {
                var initializer = reference.GetSyntax() switch
                {
                    VariableDeclaratorSyntax variable => variable.Initializer?.Value,
                    PropertyDeclarationSyntax property => property.Initializer?.Value,
                    _ => null,
                };
                if (initializer is not null && MayCreate(initializer))
                {
                    return true;
                }
            }

            var visited = new HashSet<string>(StringComparer.Ordinal);
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    if (AssignsCreation(type, reference.GetSyntax(), name, 0, visited))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool AssignsCreation(INamedTypeSymbol type, SyntaxNode body, string name, int depth, HashSet<string> visited)
        {
            foreach (var node in body.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when Names(assignment.Left, name) && MayCreate(assignment.Right):
                        return true;
                    case AssignmentExpressionSyntax { Left: TupleExpressionSyntax targets } assignment:
                        // (_gate, _count) = (new SemaphoreSlim(1), 0): the element at the field's position decides.
                        for (var i = 0; i < targets.Arguments.Count; i++)
                        {
                            if (Names(targets.Arguments[i].Expression, name))
                            {
                                var value = assignment.Right is TupleExpressionSyntax values && values.Arguments.Count == targets.Arguments.Count
                                    ? values.Arguments[i].Expression
                                    : assignment.Right;
                                if (MayCreate(value))
                                {
                                    return true;
                                }
                            }
                        }

                        break;
                    case InvocationExpressionSyntax invocation when depth < 3 && NativeCallLookup.CalledName(invocation) is { } called
                        && (invocation.Expression is IdentifierNameSyntax || invocation.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax })
                        && visited.Add(called):
                        foreach (var member in type.GetMembers(called))
                        {
                            if (member is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method)
                            {
                                foreach (var reference in method.DeclaringSyntaxReferences)
                                {
                                    if (AssignsCreation(type, reference.GetSyntax(), name, depth + 1, visited))
                                    {
                                        return true;
                                    }
                                }
                            }
                        }

                        break;
                }
            }

            return false;
        }

        private static bool Names(ExpressionSyntax target, string name) => target switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText == name,
            ParenthesizedExpressionSyntax parenthesized => Names(parenthesized.Expression, name),
            _ => false,
        };

        /// <summary>An object creation or a call anywhere in the value, outside a `throw` (the exception of a null check creates no primitive).</summary>
        private static bool MayCreate(ExpressionSyntax value)
        {
            foreach (var node in value.DescendantNodesAndSelf(static n => n is not (ThrowExpressionSyntax or AnonymousFunctionExpressionSyntax)))
            {
                if (node is BaseObjectCreationExpressionSyntax
                    || node is InvocationExpressionSyntax and not InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Finds, by syntax, a call to a P/Invoke lock initializer, following calls to the type's own instance
        /// methods a few levels deep (construction includes the Init method a constructor calls). The name is
        /// confirmed against the compilation's declarations, so no semantic model of another tree is needed.
        /// </summary>
        private NativeFunction? FindNativeInitializerCall(INamedTypeSymbol type, SyntaxNode declaration, int depth, HashSet<string> visited)
        {
            foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = NativeCallLookup.CalledName(invocation);
                if (name is null)
                {
                    continue;
                }

                if (catalog.NativeCalls.Find(type, invocation, IsCreator) is { } function)
                {
                    return function;
                }

                var ownCall = invocation.Expression is IdentifierNameSyntax || invocation.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax };
                if (!ownCall || depth >= 3 || !visited.Add(name))
                {
                    continue;
                }

                foreach (var member in type.GetMembers(name))
                {
                    if (member is not IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method)
                    {
                        continue;
                    }

                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        if (FindNativeInitializerCall(type, reference.GetSyntax(), depth + 1, visited) is { } nested)
                        {
                            return nested;
                        }
                    }
                }
            }

            return null;
        }
    }
}
