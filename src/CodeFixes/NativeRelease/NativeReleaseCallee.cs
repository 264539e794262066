using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Catalog;
using LockLeak.CodeFixes.Editing;
using LockLeak.Contract;
using LockLeak.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LockLeak.CodeFixes.NativeRelease
{
    /// <summary>What the native release calls: the expression that names it, and the type its parameter takes.</summary>
    internal sealed class NativeReleaseCallee
    {
        private NativeReleaseCallee(ExpressionSyntax expression, ITypeSymbol parameterType, TypeSyntax? parameterSpelling)
        {
            Expression = expression;
            ParameterType = parameterType;
            ParameterSpelling = parameterSpelling;
        }

        public ExpressionSyntax Expression { get; }

        /// <summary>The release's parameter type: the argument is cast to it where the member's type differs (IntPtr, nint, pointer).</summary>
        public ITypeSymbol ParameterType { get; }

        /// <summary>How the declaration spells <see cref="ParameterType"/>, for a cast the file's way (`IntPtr` or `nint`).</summary>
        public TypeSyntax? ParameterSpelling { get; }

        /// <summary>A P/Invoke of the release the code already declares, or one this fix declares beside the initializer.</summary>
        public static async Task<NativeReleaseCallee?> FindOrDeclareAsync(ReleaseEditSession session, Compilation compilation, ReleaseRequest request, CancellationToken cancellationToken)
        {
            var entryPoint = request.Fix.NativeRelease!;
            var catalog = CompilationState.For(compilation).Catalog;
            var argumentType = ArgumentType(compilation, request);
            var initializer = request.Initializer(compilation);

            var candidates = request.Owner.GetMembers()
                .Concat(initializer?.ContainingType?.GetMembers() ?? Enumerable.Empty<ISymbol>())
                .Concat(compilation.GetSymbolsWithName(n => n.StartsWith(entryPoint, StringComparison.Ordinal), SymbolFilter.Member, cancellationToken));
            foreach (var candidate in candidates)
            {
                if (candidate is IMethodSymbol { IsStatic: true, Parameters.Length: 1 } method
                    && catalog.GetNativeFunction(method) is { Role: NativeRole.Release } function && function.EntryPoint == entryPoint
                    && compilation.IsSymbolAccessibleWithin(method, request.Owner)
                    && NativeArgument.Accepts(compilation, method.Parameters[0], argumentType, request.Fix.Passing))
                {
                    return new NativeReleaseCallee(Callee(request.Owner, method.ContainingType, method.Name), method.Parameters[0].Type, NativeArgument.SpellingOf(method.Parameters[0]));
                }
            }

            // None: declare one beside the initializer, in the same library and attribute style.
            if (initializer is null
                || initializer.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference
                || await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax initializerDeclaration)
            {
                return null;
            }

            // The table says what the release takes: the handle the creator returns, or the initializer's first parameter.
            if (NativeApi.Releasing(entryPoint) is not { } api)
            {
                return null;
            }

            var takesHandle = api.ReleaseParameter == NativeReleaseParameter.Handle;
            var parameterType = takesHandle ? initializer.ReturnType : initializer.Parameters.FirstOrDefault()?.Type;
            var parameterSpelling = takesHandle
                ? initializerDeclaration.ReturnType
                : initializerDeclaration.ParameterList.Parameters.FirstOrDefault()?.Type;
            if (parameterType is null)
            {
                return null;
            }

            var declaringType = initializer.ContainingType;
            // By document: each target framework of a multi-targeted project has its own copy of the file, and a Fix All
            // over the solution must declare the release in each copy it calls it from.
            var key = session.Solution.GetDocumentId(reference.SyntaxTree)?.Id.ToString() + "|" + declaringType.ToDisplayString() + "|" + entryPoint
                + "|" + parameterType.ToDisplayString() + "|" + request.Fix.Passing;
            if (!session.AddedDeclarations.TryGetValue(key, out var name))
            {
                if (Declaration(initializerDeclaration, api) is not { } declaration
                    || await session.GetEditorAsync(reference.SyntaxTree, cancellationToken).ConfigureAwait(false) is not { } editor)
                {
                    return null;
                }

                editor.InsertAfter(initializerDeclaration, declaration);
                name = entryPoint;
                session.AddedDeclarations.Add(key, name);
            }

            return new NativeReleaseCallee(Callee(request.Owner, declaringType, name), parameterType, parameterSpelling);
        }

        private static ExpressionSyntax Callee(INamedTypeSymbol owner, INamedTypeSymbol declaringType, string name)
        {
            if (SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, declaringType.OriginalDefinition))
            {
                return SyntaxFactory.IdentifierName(name);
            }

            return SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseTypeName(declaringType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)),
                    SyntaxFactory.IdentifierName(name))
                .WithAdditionalAnnotations(Simplifier.Annotation);
        }

        /// <summary>
        /// The member's type as the release receives it: a pointer to it when the initializer was passed its address, the
        /// pointer the initialization pinned a fixed-size buffer into.
        /// </summary>
        public static ITypeSymbol ArgumentType(Compilation compilation, ReleaseRequest request)
        {
            switch (request.Fix.Passing)
            {
                case ArgumentPassing.Address:
                    return compilation.CreatePointerTypeSymbol(request.MemberType);
                case ArgumentPassing.Pinned when NativeReleaseStatements.PinnedAs(request)?.Parent is VariableDeclarationSyntax declaration
                    && request.Editor.SemanticModel.GetTypeInfo(declaration.Type).Type is { } pointer:
                    return pointer;
                // A handle collection is closed element by element.
                default:
                    return request.Fix.IsCollection && NativeStorage.ElementType(request.MemberType) is { } element ? element : request.MemberType;
            }
        }

        /// <summary>The P/Invoke of the release, written like the initializer's: same attribute, library and modifiers.</summary>
        private static MemberDeclarationSyntax? Declaration(MethodDeclarationSyntax initializer, NativeApi api)
        {
            var attribute = initializer.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => AttributeName(a) is "DllImport" or "LibraryImport");
            var library = attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null);
            if (attribute is null || library is null)
            {
                return null;
            }

            string parameter;
            if (api.ReleaseParameter == NativeReleaseParameter.Handle)
            {
                parameter = initializer.ReturnType.WithoutTrivia().ToString() + " handle";
            }
            else if (initializer.ParameterList.Parameters.FirstOrDefault() is { } first)
            {
                parameter = first.WithoutTrivia().WithAttributeLists(default).WithDefault(null).ToString();
            }
            else
            {
                return null;
            }

            var returnType = api.ReleaseReturnType;

            // The declaration is parsed from the initializer's own text, so it keeps the file's spelling of its types.
            var newLine = DocumentLayout.NewLineOf(initializer);
            var returnMarshal = AttributeName(attribute) == "LibraryImport" && returnType == "bool" ? "[return: MarshalAs(UnmanagedType.Bool)]" + newLine : string.Empty;
            var text = $"[{attribute.Name.WithoutTrivia()}({library.WithoutTrivia()})]{newLine}{returnMarshal}{initializer.Modifiers} {returnType} {api.Release}({parameter});";
            var declaration = SyntaxFactory.ParseMemberDeclaration(text);
            if (declaration is null || declaration.ContainsDiagnostics)
            {
                return null;
            }

            return declaration
                .WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static string AttributeName(AttributeSyntax attribute)
        {
            var name = attribute.Name switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => attribute.Name.ToString(),
            };
            return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
        }
    }
}
