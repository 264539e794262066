using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace LockLeak.CodeFixes
{
    /// <summary>
    /// Decides, for the LCK001/LCK002 diagnostics of one type, where the releases go (the Dispose the type has,
    /// an override of the base type's Dispose, or a new Dispose) and records the edits in a session.
    /// Every decision is made before the first edit, so a type that cannot be fixed is left untouched.
    /// </summary>
    internal static class ReleasePlanner
    {
        private sealed class Located
        {
            public Located(Diagnostic diagnostic, DocumentEditor editor, TypeDeclarationSyntax declaration, INamedTypeSymbol type)
            {
                Diagnostic = diagnostic;
                Editor = editor;
                Declaration = declaration;
                Type = type;
            }

            public Diagnostic Diagnostic { get; }

            public DocumentEditor Editor { get; }

            public TypeDeclarationSyntax Declaration { get; }

            public INamedTypeSymbol Type { get; }
        }

        /// <summary>Groups diagnostics by rule, project and owning type, in source order: each group becomes one edit.</summary>
        public static async Task<IReadOnlyList<ImmutableArray<Diagnostic>>> GroupByTypeAsync(ReleaseEditSession session, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var groups = new Dictionary<(string Id, ProjectId Project), Dictionary<ISymbol, List<Diagnostic>>>();
            var order = new List<List<Diagnostic>>();
            foreach (var diagnostic in SourceOrder(diagnostics))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await LocateAsync(session, diagnostic, cancellationToken).ConfigureAwait(false) is not { } located)
                {
                    continue;
                }

                var key = (diagnostic.Id, located.Editor.OriginalDocument.Project.Id);
                if (!groups.TryGetValue(key, out var byType))
                {
                    byType = new Dictionary<ISymbol, List<Diagnostic>>(SymbolEqualityComparer.Default);
                    groups.Add(key, byType);
                }

                if (!byType.TryGetValue(located.Type, out var list))
                {
                    list = new List<Diagnostic>();
                    byType.Add(located.Type, list);
                    order.Add(list);
                }

                list.Add(diagnostic);
            }

            return order.Select(l => l.ToImmutableArray()).ToList();
        }

        /// <summary>Records the edits that fix <paramref name="diagnostics"/> (all of one rule and one type); returns the action's title, or null when nothing can be fixed.</summary>
        public static async Task<string?> PlanAsync(ReleaseEditSession session, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var located = new List<Located>();
            foreach (var diagnostic in SourceOrder(diagnostics))
            {
                if (await LocateAsync(session, diagnostic, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    located.Add(found);
                }
            }

            if (located.Count == 0)
            {
                return null;
            }

            var first = located[0];
            var type = first.Type;
            var requests = new List<ReleaseRequest>();
            var members = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in located)
            {
                if (item.Diagnostic.Id == first.Diagnostic.Id && SymbolEqualityComparer.Default.Equals(item.Type, type)
                    && ReleaseRequest.From(item.Diagnostic, type) is { } request && members.Add(request.Member))
                {
                    requests.Add(request);
                }
            }

            if (requests.Count == 0)
            {
                return null;
            }

            if (first.Diagnostic.Id == DiagnosticIds.TypeMustBeDisposable)
            {
                return PlanNewDispose(first, requests);
            }

            var target = located.Select(l => l.Diagnostic.AdditionalLocations.FirstOrDefault(a => a.IsInSource)).FirstOrDefault(a => a is not null);
            return target is null
                ? PlanBaseOverride(first, requests)
                : await PlanExistingAsync(session, target, type, requests, cancellationToken).ConfigureAwait(false);
        }

        private static IEnumerable<Diagnostic> SourceOrder(IEnumerable<Diagnostic> diagnostics) =>
            diagnostics
                .OrderBy(d => d.Location.SourceTree?.FilePath ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start);

        private static async Task<Located?> LocateAsync(ReleaseEditSession session, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Location.IsInSource
                || await session.GetEditorAsync(diagnostic.Location.SourceTree, cancellationToken).ConfigureAwait(false) is not { } editor)
            {
                return null;
            }

            var span = diagnostic.Location.SourceSpan;
            if (span.End > editor.OriginalRoot.FullSpan.End)
            {
                return null;
            }

            var node = editor.OriginalRoot.FindNode(span, getInnermostNodeForTie: true);
            var declaration = node.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || declaration is InterfaceDeclarationSyntax
                || editor.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
            {
                return null;
            }

            return new Located(diagnostic, editor, declaration, type);
        }

        // ------------------------------------------------------------ the type has a Dispose (LCK002)

        private static async Task<string?> PlanExistingAsync(ReleaseEditSession session, Location target, INamedTypeSymbol type, List<ReleaseRequest> requests, CancellationToken cancellationToken)
        {
            if (await session.GetEditorAsync(target.SourceTree, cancellationToken).ConfigureAwait(false) is not { } editor
                || target.SourceSpan.End > editor.OriginalRoot.FullSpan.End)
            {
                return null;
            }

            // The additional location is the method's identifier; a finalizer is not a place to dispose managed objects.
            var token = editor.OriginalRoot.FindToken(target.SourceSpan.Start);
            if (token.Parent is not MethodDeclarationSyntax declaration || declaration.Identifier != token
                || EditableMethod.From(editor, declaration, cancellationToken) is not { } method)
            {
                return null;
            }

            // An async-only wrapper needs an await: when the chosen method cannot have one, the type's async DisposeAsync can.
            var placements = new List<(EditableMethod Method, List<ReleaseRequest> Requests)> { (method, new List<ReleaseRequest>()) };
            EditableMethod? asyncMethod = null;
            foreach (var request in requests)
            {
                if (!request.IsAsyncRelease || method.Symbol.IsAsync)
                {
                    placements[0].Requests.Add(request);
                    continue;
                }

                asyncMethod ??= await FindAsyncDisposeAsync(session, type, cancellationToken).ConfigureAwait(false);
                if (asyncMethod is null)
                {
                    continue;
                }

                if (placements.Count == 1)
                {
                    placements.Add((asyncMethod, new List<ReleaseRequest>()));
                }

                placements[1].Requests.Add(request);
            }

            var edits = new List<(EditableMethod Method, List<StatementSyntax> Releases)>();
            var released = new List<string>();
            string? where = null;
            foreach (var (placement, placed) in placements)
            {
                var names = NameScope.For(type, placement.Declaration);
                var newLine = ReleaseSyntax.NewLineOf(placement.Editor.OriginalRoot);
                var releases = new List<StatementSyntax>();
                foreach (var request in placed)
                {
                    if (ReleaseSyntax.Release(request, placement.Symbol.IsAsync, names, newLine) is { } statement)
                    {
                        releases.Add(statement);
                        released.Add(request.Member);
                    }
                }

                if (releases.Count > 0)
                {
                    edits.Add((placement, releases));
                    where = where is null ? "in " + Describe(placement.Symbol) : where + " and " + Describe(placement.Symbol);
                }
            }

            if (edits.Count == 0)
            {
                return null;
            }

            foreach (var (placement, releases) in edits)
            {
                var disposing = IsDisposeBool(placement.Symbol) ? placement.Symbol.Parameters[0].Name : null;
                var returnsValue = placement.ReturnsValue;
                placement.Editor.ReplaceNode(placement.Declaration, (current, _) => current is MethodDeclarationSyntax currentMethod
                    ? ReleaseSyntax.Insert(currentMethod, releases, disposing, returnsValue)
                    : current);
            }

            return Title(released, where!);
        }

        /// <summary>The type's own async DisposeAsyncCore or DisposeAsync, when it has one with a body the fix can edit.</summary>
        private static async Task<EditableMethod?> FindAsyncDisposeAsync(ReleaseEditSession session, INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var candidates = type.GetMembers().OfType<IMethodSymbol>()
                .Where(m => m.IsAsync && m.Parameters.Length == 0
                    && (m.Name is "DisposeAsyncCore" or "DisposeAsync" || m.ExplicitInterfaceImplementations.Any(i => i.Name == "DisposeAsync")))
                .OrderBy(m => m.Name == "DisposeAsyncCore" ? 0 : 1);
            foreach (var candidate in candidates)
            {
                foreach (var reference in candidate.DeclaringSyntaxReferences)
                {
                    if (await session.GetEditorAsync(reference.SyntaxTree, cancellationToken).ConfigureAwait(false) is { } editor
                        && editor.OriginalRoot.FindNode(reference.Span) is MethodDeclarationSyntax declaration
                        && EditableMethod.From(editor, declaration, cancellationToken) is { } method)
                    {
                        return method;
                    }
                }
            }

            return null;
        }

        /// <summary>A method declaration with a body (or expression body) the fix can append to.</summary>
        private sealed class EditableMethod
        {
            private EditableMethod(DocumentEditor editor, MethodDeclarationSyntax declaration, IMethodSymbol symbol, bool returnsValue)
            {
                Editor = editor;
                Declaration = declaration;
                Symbol = symbol;
                ReturnsValue = returnsValue;
            }

            public DocumentEditor Editor { get; }

            public MethodDeclarationSyntax Declaration { get; }

            public IMethodSymbol Symbol { get; }

            /// <summary>A non-async Task/ValueTask method: its expression body becomes a return statement.</summary>
            public bool ReturnsValue { get; }

            public static EditableMethod? From(DocumentEditor editor, MethodDeclarationSyntax declaration, CancellationToken cancellationToken)
            {
                // Half-typed code (no body, a missing brace) is left alone rather than edited into something worse.
                if (declaration.ContainsDiagnostics || (declaration.Body is null && declaration.ExpressionBody is null)
                    || declaration.ExpressionBody?.Expression is ThrowExpressionSyntax
                    || editor.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } symbol
                    || ReturnShape(symbol) is not { } returnsValue)
                {
                    return null;
                }

                return new EditableMethod(editor, declaration, symbol, returnsValue);
            }
        }

        /// <summary>False for a void (or async Task/ValueTask) method, true for a non-async Task/ValueTask one, null for anything else.</summary>
        private static bool? ReturnShape(IMethodSymbol method)
        {
            if (method.ReturnsVoid)
            {
                return false;
            }

            if (method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" } returnType
                && returnType.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
            {
                return !method.IsAsync;
            }

            return null;
        }

        private static bool IsDisposeBool(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Ordinary && method.Name == "Dispose" && method.Parameters.Length == 1
            && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean;

        private static string Describe(IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length > 0)
            {
                var implemented = method.ExplicitInterfaceImplementations[0];
                return implemented.ContainingType.Name + "." + implemented.Name + "()";
            }

            return method.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";
        }

        // ------------------------------------------------------------ the base type has the Dispose (LCK002)

        private static string? PlanBaseOverride(Located first, List<ReleaseRequest> requests)
        {
            var editor = first.Editor;
            var type = first.Type;
            var compilation = editor.SemanticModel.Compilation;
            if (first.Declaration.ContainsDiagnostics || FindOverridable(type, compilation) is not { } overridden)
            {
                return null;
            }

            var generator = editor.Generator;
            var isDisposeBool = IsDisposeBool(overridden);
            var parameter = isDisposeBool ? overridden.Parameters[0].Name : null;
            var names = NameScope.For(type, null, parameter ?? string.Empty);
            var newLine = ReleaseSyntax.NewLineOf(editor.OriginalRoot);
            var releases = new List<StatementSyntax>();
            var released = new List<string>();
            foreach (var request in requests)
            {
                if (ReleaseSyntax.Release(request, inAsyncMethod: false, names, newLine) is { } statement)
                {
                    releases.Add(statement);
                    released.Add(request.Member);
                }
            }

            if (releases.Count == 0)
            {
                return null;
            }

            var body = new List<SyntaxNode>();
            if (parameter is not null)
            {
                body.Add(ReleaseSyntax.IfDisposing(parameter, releases));
            }
            else
            {
                body.AddRange(releases);
            }

            if (!overridden.IsAbstract)
            {
                var arguments = parameter is null ? Array.Empty<SyntaxNode>() : new[] { generator.IdentifierName(parameter) };
                body.Add(generator.ExpressionStatement(generator.InvocationExpression(
                    generator.MemberAccessExpression(generator.BaseExpression(), overridden.Name), arguments)));
            }

            var accessibility = overridden.DeclaredAccessibility == Accessibility.ProtectedOrInternal
                && !SymbolEqualityComparer.Default.Equals(overridden.ContainingAssembly, compilation.Assembly)
                ? Accessibility.Protected
                : overridden.DeclaredAccessibility;
            var parameters = parameter is null
                ? Array.Empty<SyntaxNode>()
                : new[] { generator.ParameterDeclaration(parameter, generator.TypeExpression(SpecialType.System_Boolean)) };
            var method = generator.MethodDeclaration(
                overridden.Name,
                parameters,
                accessibility: accessibility,
                modifiers: DeclarationModifiers.Override,
                statements: body).WithAdditionalAnnotations(Formatter.Annotation);

            editor.AddMember(first.Declaration, method);
            return Title(released, "in an override of " + Describe(overridden));
        }

        /// <summary>
        /// What a derived type overrides to take part in its base type's disposal: a virtual Dispose(bool), a
        /// virtual Dispose(), or else a protected virtual hook whose name says Dispose that the base's Dispose calls
        /// (visible only when the base is in source). Null when the base's Dispose cannot be extended.
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

            var disposeMember = compilation.GetTypeByMetadataName("System.IDisposable")?.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault();
            if (disposeMember is null || type.BaseType?.FindImplementationForInterfaceMember(disposeMember) is not IMethodSymbol implementation)
            {
                return null;
            }

            if (implementation.MethodKind == MethodKind.Ordinary && CanOverride(implementation, type, compilation))
            {
                return implementation;
            }

            return FindHook(implementation, type, compilation);
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

                var model = compilation.GetSemanticModel(syntax.SyntaxTree);
                foreach (var invocation in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    var receiverIsThis = invocation.Expression is IdentifierNameSyntax
                        || invocation.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax };
                    if (!receiverIsThis || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol called
                        || called.IsStatic || called.Parameters.Length != 0 || called.Name.IndexOf("Dispose", StringComparison.Ordinal) < 0)
                    {
                        continue;
                    }

                    // The override the derived type would extend is the most derived one in its base chain.
                    for (var current = type.BaseType; current is not null; current = current.BaseType)
                    {
                        var declared = current.GetMembers(called.Name).OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic && m.Parameters.Length == 0);
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

        // ------------------------------------------------------------ the type has no Dispose at all (LCK001)

        private static string? PlanNewDispose(Located first, List<ReleaseRequest> requests)
        {
            var editor = first.Editor;
            var type = first.Type;
            var compilation = editor.SemanticModel.Compilation;
            // A member appended to a half-typed declaration could be parsed into the broken member before it.
            if (first.Declaration.ContainsDiagnostics || type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic
                || compilation.GetTypeByMetadataName("System.IDisposable") is not { } disposable
                || compilation.GetTypeByMetadataName("System.GC") is not { } gc)
            {
                return null;
            }

            // A Dispose() or Dispose(bool) the base already has would be hidden, not extended.
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.GetMembers("Dispose").OfType<IMethodSymbol>().Any(m => !m.IsStatic && (m.Parameters.Length == 0 || IsDisposeBool(m))
                    && compilation.IsSymbolAccessibleWithin(m, type)))
                {
                    return null;
                }
            }

            var plain = type.IsSealed || type.TypeKind == TypeKind.Struct;
            var names = NameScope.For(type, null, "disposing");
            var newLine = ReleaseSyntax.NewLineOf(editor.OriginalRoot);
            var releases = new List<StatementSyntax>();
            var released = new List<string>();
            foreach (var request in requests)
            {
                if (ReleaseSyntax.Release(request, inAsyncMethod: false, names, newLine) is { } statement)
                {
                    releases.Add(statement);
                    released.Add(request.Member);
                }
            }

            if (releases.Count == 0)
            {
                return null;
            }

            var generator = editor.Generator;
            var members = new List<SyntaxNode>();
            if (plain)
            {
                members.Add(generator.MethodDeclaration("Dispose", accessibility: Accessibility.Public, statements: releases));
            }
            else
            {
                members.Add(generator.MethodDeclaration(
                    "Dispose",
                    accessibility: Accessibility.Public,
                    statements: new[]
                    {
                        generator.ExpressionStatement(generator.InvocationExpression(generator.IdentifierName("Dispose"), generator.TrueLiteralExpression())),
                        generator.ExpressionStatement(generator.InvocationExpression(
                            generator.MemberAccessExpression(generator.TypeExpression(gc).WithAdditionalAnnotations(ReleaseEditSession.ImportsAnnotation), "SuppressFinalize"),
                            generator.ThisExpression())),
                    }));
                members.Add(generator.MethodDeclaration(
                    "Dispose",
                    new[] { generator.ParameterDeclaration("disposing", generator.TypeExpression(SpecialType.System_Boolean)) },
                    accessibility: Accessibility.Protected,
                    modifiers: DeclarationModifiers.Virtual,
                    statements: new[] { ReleaseSyntax.IfDisposing("disposing", releases) }));
            }

            // A ref struct cannot implement interfaces; `using` finds its Dispose() by pattern.
            if (!type.IsRefLikeType)
            {
                editor.AddInterfaceType(first.Declaration, generator.TypeExpression(disposable).WithAdditionalAnnotations(ReleaseEditSession.ImportsAnnotation));
            }

            foreach (var member in members)
            {
                editor.AddMember(first.Declaration, member.WithAdditionalAnnotations(Formatter.Annotation));
            }

            return released.Count == 1
                ? "Implement IDisposable and dispose '" + released[0] + "'"
                : "Implement IDisposable and dispose " + released.Count + " lock primitives";
        }

        private static string Title(List<string> released, string where) =>
            released.Count == 1
                ? "Dispose '" + released[0] + "' " + where
                : "Dispose " + released.Count + " lock primitives " + where;
    }
}
