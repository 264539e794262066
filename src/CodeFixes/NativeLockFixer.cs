using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LockLeak.CodeFixes
{
    /// <summary>One LCK003 diagnostic, resolved against the solution it was reported in.</summary>
    internal sealed class NativeLockRequest
    {
        public NativeLockRequest(Diagnostic diagnostic, Document document, INamedTypeSymbol owner, ISymbol member, IMethodSymbol? initializer)
        {
            Diagnostic = diagnostic;
            Document = document;
            Owner = owner;
            Member = member;
            Initializer = initializer;
        }

        public Diagnostic Diagnostic { get; }

        public Document Document { get; }

        public INamedTypeSymbol Owner { get; }

        public ISymbol Member { get; }

        /// <summary>The P/Invoke the type called to initialize or create the lock.</summary>
        public IMethodSymbol? Initializer { get; }

        public string? NativeRelease => Property(FixProperties.NativeRelease);

        public bool NeedsNativeRelease => Property(FixProperties.NeedsNativeRelease) == "true" && NativeRelease is not null;

        public string Passing => Property(FixProperties.Passing) ?? "value";

        public string? MemoryFree => Property(FixProperties.MemoryFree);

        public Location? Target => Diagnostic.AdditionalLocations.FirstOrDefault(l => l.IsInSource);

        public ITypeSymbol? MemberType => Member switch
        {
            IFieldSymbol fieldSymbol => fieldSymbol.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };

        private string? Property(string key) => Diagnostic.Properties.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>Builds the LCK003 edit of each type: the release statements, where they go, and any missing P/Invoke.</summary>
    internal static class NativeLockFixer
    {
        public static async Task<NativeLockRequest?> ResolveAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var tree = diagnostic.Location.SourceTree;
            var document = tree is null ? null : solution.GetDocument(tree);
            if (document is null || !diagnostic.Properties.TryGetValue(FixProperties.Member, out var memberName) || memberName is null)
            {
                return null;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            var typeDeclaration = node.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (invocation is null || typeDeclaration is null || model.GetDeclaredSymbol(typeDeclaration, cancellationToken) is not INamedTypeSymbol owner)
            {
                return null;
            }

            var member = FindMember(owner, memberName);
            if (member is null)
            {
                return null;
            }

            var initializer = model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol;
            return new NativeLockRequest(diagnostic, document, owner, member, initializer);
        }

        private static ISymbol? FindMember(INamedTypeSymbol owner, string name)
        {
            for (var type = owner; type is not null; type = type.BaseType)
            {
                foreach (var candidate in type.GetMembers(name))
                {
                    if (candidate is IFieldSymbol or IPropertySymbol)
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        public static string Title(NativeLockRequest request)
        {
            var member = request.Member.Name;
            if (request.NeedsNativeRelease && request.MemoryFree is { } free)
            {
                return $"Call {request.NativeRelease} and {free} on '{member}'";
            }

            return request.NeedsNativeRelease ? $"Call {request.NativeRelease} on '{member}'" : $"Free '{member}' with {request.MemoryFree}";
        }

        /// <summary>
        /// False when the type is disposable through a base whose Dispose cannot be extended and declares no
        /// release method of its own: there is nowhere correct to put the release.
        /// </summary>
        public static bool CanFix(NativeLockRequest request)
        {
            if (!request.NeedsNativeRelease && request.MemoryFree is null)
            {
                return false;
            }

            if (request.Target is not null || request.Owner.TypeKind == TypeKind.Struct)
            {
                return true;
            }

            return OverridableBaseDispose(request.Owner) is not null || !IsDisposable(request.Owner);
        }

        public static async Task<Solution> ApplyAsync(Solution solution, IReadOnlyCollection<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var requests = new List<NativeLockRequest>();
            foreach (var diagnostic in diagnostics)
            {
                if (await ResolveAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false) is { } request && CanFix(request))
                {
                    requests.Add(request);
                }
            }

            var editor = new SolutionEditor(solution);
            var session = new Session(editor);
            var groups = requests
                .GroupBy(r => (r.Document.Project.Id, r.Owner), new OwnerComparer())
                .ToList();
            foreach (var group in groups)
            {
                var ordered = group
                    .OrderBy(r => r.Diagnostic.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                    .ThenBy(r => r.Diagnostic.Location.SourceSpan.Start)
                    .ToList();
                await FixTypeAsync(session, ordered, cancellationToken).ConfigureAwait(false);
            }

            return editor.GetChangedSolution();
        }

        private sealed class OwnerComparer : IEqualityComparer<(ProjectId Project, INamedTypeSymbol Owner)>
        {
            public bool Equals((ProjectId Project, INamedTypeSymbol Owner) x, (ProjectId Project, INamedTypeSymbol Owner) y) =>
                x.Project == y.Project && SymbolEqualityComparer.Default.Equals(x.Owner, y.Owner);

            public int GetHashCode((ProjectId Project, INamedTypeSymbol Owner) obj) =>
                obj.Project.GetHashCode() ^ SymbolEqualityComparer.Default.GetHashCode(obj.Owner);
        }

        /// <summary>State shared by the types of one Fix All, so two types never declare the same P/Invoke twice.</summary>
        private sealed class Session
        {
            public Session(SolutionEditor editor) => Editor = editor;

            public SolutionEditor Editor { get; }

            /// <summary>Declarations added in this session: (declaring type, entry point, parameter) to the name to call.</summary>
            public Dictionary<string, string> AddedDeclarations { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        private static async Task FixTypeAsync(Session session, List<NativeLockRequest> requests, CancellationToken cancellationToken)
        {
            var first = requests[0];
            var compilation = await first.Document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                return;
            }

            var statements = new List<StatementSyntax>();
            foreach (var request in requests)
            {
                statements.AddRange(await ReleaseStatementsAsync(session, compilation, request, cancellationToken).ConfigureAwait(false));
            }

            if (statements.Count == 0)
            {
                return;
            }

            if (first.Target is { SourceTree: { } targetTree } target)
            {
                var document = first.Document.Project.Solution.GetDocument(targetTree);
                if (document is null)
                {
                    return;
                }

                var root = await targetTree.GetRootAsync(cancellationToken).ConfigureAwait(false);
                var token = root.FindToken(target.SourceSpan.Start);
                var declaration = token.Parent?.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>();
                if (declaration is null)
                {
                    return;
                }

                var editor = await session.Editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
                var placement = Classify(declaration);
                var suppressFinalize = placement == Placement.DisposeAsync && !SuppressesFinalize(first.Owner, cancellationToken);
                editor.ReplaceNode(declaration, (current, _) => Insert((BaseMethodDeclarationSyntax)current, statements, placement, suppressFinalize));

                if (placement == Placement.DisposeAsync)
                {
                    await EnsureFinalizerReleasesAsync(session, first, statements, declaration, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            await AddDisposePatternAsync(session, first, statements, cancellationToken).ConfigureAwait(false);
        }

        // ---------------------------------------------------------------- the statements

        private const string BeforeFreeOf = "LockLeak.BeforeFreeOf";

        private static async Task<IEnumerable<StatementSyntax>> ReleaseStatementsAsync(Session session, Compilation compilation, NativeLockRequest request, CancellationToken cancellationToken)
        {
            var statements = new List<StatementSyntax>();
            var member = SyntaxFactory.IdentifierName(request.Member.Name);
            if (request.NeedsNativeRelease)
            {
                var callee = await ReleaseCalleeAsync(session, compilation, request, cancellationToken).ConfigureAwait(false);
                if (callee is not null)
                {
                    ExpressionSyntax argumentExpression = request.Passing == "address"
                        ? SyntaxFactory.PrefixUnaryExpression(SyntaxKind.AddressOfExpression, member)
                        : member;
                    var argument = SyntaxFactory.Argument(argumentExpression);
                    if (request.Passing == "ref")
                    {
                        argument = argument.WithRefKindKeyword(SyntaxFactory.Token(SyntaxKind.RefKeyword));
                    }

                    // When the type already frees the lock's memory, the delete must run before that free.
                    statements.Add(SyntaxFactory.ExpressionStatement(
                            SyntaxFactory.InvocationExpression(callee, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(argument))))
                        .WithAdditionalAnnotations(new SyntaxAnnotation(BeforeFreeOf, request.Member.Name)));
                }
            }

            if (request.MemoryFree is { } free)
            {
                // Marshal.FreeHGlobal -> System.Runtime.InteropServices.Marshal.FreeHGlobal, reduced by the simplifier.
                var qualified = SyntaxFactory.ParseExpression("global::System.Runtime.InteropServices." + free).WithAdditionalAnnotations(Simplifier.Annotation);
                statements.Add(SyntaxFactory.ExpressionStatement(
                    SyntaxFactory.InvocationExpression(qualified, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(member))))));

                // Zeroing keeps a second Dispose from freeing twice; a readonly field cannot be zeroed outside a constructor.
                if (ZeroValue(request) is { } zero)
                {
                    statements.Add(SyntaxFactory.ExpressionStatement(
                        SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, member, zero)));
                }
            }

            return statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation));
        }

        private static ExpressionSyntax? ZeroValue(NativeLockRequest request)
        {
            if (request.Member is IFieldSymbol { IsReadOnly: true } || request.Member is IPropertySymbol { SetMethod: null })
            {
                return null;
            }

            return request.MemberType switch
            {
                IPointerTypeSymbol => SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression),
                { SpecialType: SpecialType.System_IntPtr } when DeclaredTypeText(request.Member) == "nint" => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)),
                { SpecialType: SpecialType.System_IntPtr } => SyntaxFactory.ParseExpression("IntPtr.Zero"),
                _ => null,
            };
        }

        /// <summary>How the member's type is spelled: nint and IntPtr are one type since C# 11, but code keeps its spelling.</summary>
        private static string? DeclaredTypeText(ISymbol member) =>
            member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() switch
            {
                VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type.ToString(),
                PropertyDeclarationSyntax property => property.Type.ToString(),
                _ => null,
            };

        /// <summary>The expression that names the release: an existing P/Invoke bound to it, or one this fix declares.</summary>
        private static async Task<ExpressionSyntax?> ReleaseCalleeAsync(Session session, Compilation compilation, NativeLockRequest request, CancellationToken cancellationToken)
        {
            var entryPoint = request.NativeRelease!;
            var catalog = CompilationState.For(compilation).Catalog;
            var argumentType = ArgumentType(compilation, request);

            var candidates = request.Owner.GetMembers()
                .Concat(request.Initializer?.ContainingType?.GetMembers() ?? Enumerable.Empty<ISymbol>())
                .Concat(compilation.GetSymbolsWithName(n => n.StartsWith(entryPoint, StringComparison.Ordinal), SymbolFilter.Member, cancellationToken));
            foreach (var candidate in candidates)
            {
                if (candidate is IMethodSymbol { IsStatic: true, Parameters.Length: 1 } method
                    && catalog.GetNativeFunction(method) is { Role: NativeRole.Release } function && function.EntryPoint == entryPoint
                    && compilation.IsSymbolAccessibleWithin(method, request.Owner)
                    && Accepts(compilation, method.Parameters[0], argumentType, request.Passing))
                {
                    return Callee(request.Owner, method.ContainingType, method.Name);
                }
            }

            // None: declare one beside the initializer, in the same library and attribute style.
            if (request.Initializer is not { } initializer
                || initializer.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference
                || await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax initializerDeclaration)
            {
                return null;
            }

            var declaringType = initializer.ContainingType;
            var key = declaringType.ToDisplayString() + "|" + entryPoint + "|" + argumentType?.ToDisplayString() + "|" + request.Passing;
            if (!session.AddedDeclarations.TryGetValue(key, out var name))
            {
                var declaration = ReleaseDeclaration(initializerDeclaration, entryPoint, request);
                if (declaration is null)
                {
                    return null;
                }

                var document = request.Document.Project.Solution.GetDocument(reference.SyntaxTree);
                if (document is null)
                {
                    return null;
                }

                var editor = await session.Editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
                editor.InsertAfter(initializerDeclaration, declaration);
                name = entryPoint;
                session.AddedDeclarations.Add(key, name);
            }

            return Callee(request.Owner, declaringType, name);
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

        private static ITypeSymbol? ArgumentType(Compilation compilation, NativeLockRequest request) =>
            request.Passing == "address" && request.MemberType is { } type ? compilation.CreatePointerTypeSymbol(type) : request.MemberType;

        private static bool Accepts(Compilation compilation, IParameterSymbol parameter, ITypeSymbol? argumentType, string passing)
        {
            if (argumentType is null)
            {
                return false;
            }

            if (passing == "ref")
            {
                return parameter.RefKind is RefKind.Ref or RefKind.In && SymbolEqualityComparer.Default.Equals(parameter.Type, argumentType);
            }

            return parameter.RefKind == RefKind.None && compilation.ClassifyConversion(argumentType, parameter.Type).IsImplicit;
        }

        /// <summary>The P/Invoke of the release, written like the initializer's: same attribute, library and modifiers.</summary>
        private static MemberDeclarationSyntax? ReleaseDeclaration(MethodDeclarationSyntax initializer, string entryPoint, NativeLockRequest request)
        {
            var attribute = initializer.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => AttributeName(a) is "DllImport" or "LibraryImport");
            var library = attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null);
            if (attribute is null || library is null)
            {
                return null;
            }

            var isLibraryImport = AttributeName(attribute) == "LibraryImport";
            string parameter;
            if (request.Diagnostic.Properties.TryGetValue(FixProperties.Kind, out var kind) && kind == "NativeHandle")
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

            var returnType = entryPoint switch
            {
                "DeleteCriticalSection" => "void",
                "CloseHandle" => "bool",
                _ => "int",
            };
            var returnMarshal = isLibraryImport && returnType == "bool" ? "[return: MarshalAs(UnmanagedType.Bool)]\n" : string.Empty;
            var text = $"[{attribute.Name.WithoutTrivia()}({library.WithoutTrivia()})]\n{returnMarshal}{initializer.Modifiers.ToString()} {returnType} {entryPoint}({parameter});";
            var declaration = SyntaxFactory.ParseMemberDeclaration(text);
            if (declaration is null || declaration.ContainsDiagnostics)
            {
                return null;
            }

            return declaration
                .WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(NewLine(initializer)))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static string NewLine(SyntaxNode node)
        {
            var endOfLine = node.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine.ToString() : "\n";
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

        // ---------------------------------------------------------------- placement in an existing method

        private enum Placement
        {
            /// <summary>Dispose(bool): at the end, outside if (disposing), before a trailing base.Dispose(disposing).</summary>
            DisposeBool,
            /// <summary>Dispose(): before GC.SuppressFinalize(this).</summary>
            Dispose,
            /// <summary>DisposeAsync / DisposeAsyncCore: here, and in the finalizer too.</summary>
            DisposeAsync,
            /// <summary>ReleaseHandle, or another method that returns a value: before its last return.</summary>
            BeforeReturn,
            /// <summary>The finalizer or a configured release method: at the end.</summary>
            End,
        }

        private static Placement Classify(BaseMethodDeclarationSyntax declaration)
        {
            if (declaration is not MethodDeclarationSyntax method)
            {
                return Placement.End;
            }

            return method.Identifier.ValueText switch
            {
                "Dispose" when method.ParameterList.Parameters.Count == 1 => Placement.DisposeBool,
                "Dispose" => Placement.Dispose,
                "DisposeAsync" or "DisposeAsyncCore" => Placement.DisposeAsync,
                _ => method.ReturnType is PredefinedTypeSyntax { Keyword.ValueText: "void" } ? Placement.End : Placement.BeforeReturn,
            };
        }

        /// <summary>Whether DisposeAsync or DisposeAsyncCore of the type already calls GC.SuppressFinalize.</summary>
        private static bool SuppressesFinalize(INamedTypeSymbol owner, CancellationToken cancellationToken) =>
            owner.GetMembers()
                .OfType<IMethodSymbol>()
                .Where(m => m.Name is "DisposeAsync" or "DisposeAsyncCore" || m.ExplicitInterfaceImplementations.Any(i => i.Name == "DisposeAsync"))
                .SelectMany(m => m.DeclaringSyntaxReferences)
                .Any(r => r.GetSyntax(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>().Any(IsSuppressFinalize));

        private static SyntaxNode Insert(BaseMethodDeclarationSyntax method, List<StatementSyntax> statements, Placement placement, bool suppressFinalize = false)
        {
            var toInsert = new List<StatementSyntax>(statements);
            if (suppressFinalize)
            {
                // The finalizer releases too; a disposed instance must not release a second time.
                toInsert.Add(Statement("GC.SuppressFinalize(this);"));
            }

            if (method.ExpressionBody is { } arrow)
            {
                var isVoid = method is not MethodDeclarationSyntax m
                    || m.ReturnType is PredefinedTypeSyntax { Keyword.ValueText: "void" }
                    || m.Modifiers.Any(SyntaxKind.AsyncKeyword);
                var expression = arrow.Expression.WithoutTrivia();
                var body = isVoid
                    ? SyntaxFactory.Block(new StatementSyntax[] { SyntaxFactory.ExpressionStatement(expression) }.Concat(toInsert))
                    : SyntaxFactory.Block(toInsert.Concat(new StatementSyntax[] { SyntaxFactory.ReturnStatement(expression) }));
                return method
                    .WithExpressionBody(null)
                    .WithSemicolonToken(default)
                    .WithBody(body.WithAdditionalAnnotations(Formatter.Annotation))
                    .WithTrailingTrivia(method.GetTrailingTrivia());
            }

            if (method.Body is not { } block)
            {
                return method;
            }

            var existing = block.Statements;
            var remaining = new List<StatementSyntax>();
            foreach (var statement in toInsert)
            {
                var free = statement.GetAnnotations(BeforeFreeOf).FirstOrDefault() is { Data: { } member } ? IndexOfFree(existing, member) : -1;
                if (free >= 0)
                {
                    existing = existing.Insert(free, statement);
                }
                else
                {
                    remaining.Add(statement);
                }
            }

            toInsert = remaining;
            var index = existing.Count;
            if (existing.Count > 0)
            {
                var last = existing[existing.Count - 1];
                switch (placement)
                {
                    case Placement.DisposeBool when IsBaseDispose(last):
                    case Placement.Dispose when last is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax suppress } && IsSuppressFinalize(suppress):
                    case Placement.DisposeAsync or Placement.BeforeReturn when last is ReturnStatementSyntax:
                        index--;
                        break;
                }
            }

            return method.WithBody(block.WithStatements(existing.InsertRange(index, toInsert)));
        }

        private static int IndexOfFree(SyntaxList<StatementSyntax> statements, string member)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                if (statements[i] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation }
                    && access.Name.Identifier.ValueText is "FreeHGlobal" or "FreeCoTaskMem" or "Free" or "AlignedFree"
                    && invocation.ArgumentList.Arguments.Count == 1
                    && invocation.ArgumentList.Arguments[0].Expression switch
                    {
                        IdentifierNameSyntax name => name.Identifier.ValueText == member,
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self => self.Name.Identifier.ValueText == member,
                        _ => false,
                    })
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool IsSuppressFinalize(InvocationExpressionSyntax invocation) =>
            invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SuppressFinalize" };

        private static bool IsBaseDispose(StatementSyntax statement) =>
            statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax, Name.Identifier.ValueText: "Dispose" } } };

        /// <summary>A type released only by DisposeAsync also needs its finalizer to release, for callers that never await it.</summary>
        private static async Task EnsureFinalizerReleasesAsync(Session session, NativeLockRequest request, List<StatementSyntax> statements, SyntaxNode disposeAsync, CancellationToken cancellationToken)
        {
            var finalizer = request.Owner.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => m.MethodKind == MethodKind.Destructor);
            if (finalizer?.DeclaringSyntaxReferences.FirstOrDefault() is { } reference
                && request.Document.Project.Solution.GetDocument(reference.SyntaxTree) is { } finalizerDocument)
            {
                var declaration = (BaseMethodDeclarationSyntax)await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
                var finalizerEditor = await session.Editor.GetDocumentEditorAsync(finalizerDocument.Id, cancellationToken).ConfigureAwait(false);
                finalizerEditor.ReplaceNode(declaration, (current, _) => Insert((BaseMethodDeclarationSyntax)current, statements, Placement.End));
                return;
            }

            var typeDeclaration = disposeAsync.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            var document = request.Document.Project.Solution.GetDocument(disposeAsync.SyntaxTree);
            if (typeDeclaration is null || document is null)
            {
                return;
            }

            var created = SyntaxFactory.DestructorDeclaration(typeDeclaration.Identifier.WithoutTrivia())
                .WithBody(SyntaxFactory.Block(statements))
                .WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);
            var editor = await session.Editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
            editor.InsertBefore(disposeAsync, created);
        }

        // ---------------------------------------------------------------- no release method yet

        private static async Task AddDisposePatternAsync(Session session, NativeLockRequest request, List<StatementSyntax> statements, CancellationToken cancellationToken)
        {
            var owner = request.Owner;
            var reference = owner.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<TypeDeclarationSyntax>()
                .FirstOrDefault(t => t.SyntaxTree == request.Diagnostic.Location.SourceTree && t.Span.Contains(request.Diagnostic.Location.SourceSpan))
                ?? owner.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            var document = reference is null ? null : request.Document.Project.Solution.GetDocument(reference.SyntaxTree);
            if (reference is null || document is null)
            {
                return;
            }

            var name = reference.Identifier.ValueText;
            var members = new List<MemberDeclarationSyntax>();
            var needsInterface = false;
            if (owner.TypeKind == TypeKind.Struct)
            {
                members.Add(Method("public void Dispose()\n{\n}").WithBody(SyntaxFactory.Block(statements)));
                needsInterface = true;
            }
            else if (OverridableBaseDispose(owner) is { } baseDispose)
            {
                var access = baseDispose.DeclaredAccessibility == Accessibility.Public ? "public" : "protected";
                var body = new List<StatementSyntax>(statements) { Statement("base.Dispose(disposing);") };
                members.Add(Method($"{access} override void Dispose(bool disposing)\n{{\n}}").WithBody(SyntaxFactory.Block(body)));
            }
            else
            {
                var disposeBool = owner.IsSealed ? "private void Dispose(bool disposing)" : "protected virtual void Dispose(bool disposing)";
                members.Add(SyntaxFactory.ParseMemberDeclaration($"~{name}() => Dispose(false);")!);
                members.Add(Method("public void Dispose()\n{\n    Dispose(true);\n    GC.SuppressFinalize(this);\n}"));
                members.Add(Method(disposeBool + "\n{\n}").WithBody(SyntaxFactory.Block(statements)));
                needsInterface = true;
            }

            members = members
                .Select(m => m.WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed).WithAdditionalAnnotations(Formatter.Annotation))
                .ToList();

            var editor = await session.Editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
            var anchor = reference.Members.LastOrDefault(m => m is ConstructorDeclarationSyntax or DestructorDeclarationSyntax)
                ?? reference.Members.LastOrDefault(m => m is FieldDeclarationSyntax or PropertyDeclarationSyntax);
            if (anchor is not null)
            {
                editor.InsertAfter(anchor, members);
            }
            else
            {
                editor.ReplaceNode(reference, (current, _) => ((TypeDeclarationSyntax)current).WithMembers(((TypeDeclarationSyntax)current).Members.InsertRange(0, members)));
            }

            if (needsInterface)
            {
                editor.ReplaceNode(reference, (current, generator) => generator.AddInterfaceType(current, SyntaxFactory.ParseTypeName("IDisposable")));
                if (reference.SyntaxTree.GetRoot(cancellationToken) is CompilationUnitSyntax unit && !HasUsingSystem(unit))
                {
                    editor.ReplaceNode(unit, (current, _) =>
                    {
                        var compilationUnit = (CompilationUnitSyntax)current;
                        var usingSystem = SyntaxFactory.UsingDirective(SyntaxFactory.IdentifierName("System")).WithAdditionalAnnotations(Formatter.Annotation);
                        return compilationUnit.WithUsings(compilationUnit.Usings.Insert(0, usingSystem));
                    });
                }
            }
        }

        /// <summary>A parsed statement with elastic trivia, so the formatter gives it a line of its own.</summary>
        private static StatementSyntax Statement(string text) =>
            SyntaxFactory.ParseStatement(text)
                .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
                .WithTrailingTrivia(SyntaxFactory.ElasticMarker)
                .WithAdditionalAnnotations(Formatter.Annotation);

        private static MethodDeclarationSyntax Method(string text) => (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(text)!;

        private static bool HasUsingSystem(CompilationUnitSyntax unit) =>
            unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                .OfType<UsingDirectiveSyntax>()
                .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() is "System" or "global::System");

        private static bool IsDisposable(INamedTypeSymbol type) =>
            type.AllInterfaces.Any(i => i.ToDisplayString() is "System.IDisposable" or "System.IAsyncDisposable");

        /// <summary>A virtual, non-sealed Dispose(bool) of a base type that a derived type can override.</summary>
        private static IMethodSymbol? OverridableBaseDispose(INamedTypeSymbol type)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers("Dispose"))
                {
                    if (member is IMethodSymbol { Parameters.Length: 1 } method && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean)
                    {
                        return (method.IsVirtual || method.IsOverride || method.IsAbstract) && !method.IsSealed
                            && method.DeclaredAccessibility is Accessibility.Protected or Accessibility.Public or Accessibility.ProtectedOrInternal
                            ? method
                            : null;
                    }
                }
            }

            return null;
        }
    }
}
