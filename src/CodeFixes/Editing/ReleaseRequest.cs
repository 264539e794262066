using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace LockLeak.CodeFixes.Editing
{
    /// <summary>One LCK001/LCK002/LCK003 diagnostic, its <see cref="LockFix"/> contract resolved against the solution it was reported in.</summary>
    internal sealed class ReleaseRequest
    {
        private ReleaseRequest(Diagnostic diagnostic, LockFix fix, DocumentEditor editor, TypeDeclarationSyntax declaration, INamedTypeSymbol owner, ISymbol member, ITypeSymbol memberType)
        {
            Diagnostic = diagnostic;
            Fix = fix;
            Editor = editor;
            Declaration = declaration;
            Owner = owner;
            Member = member;
            MemberType = memberType;
        }

        public Diagnostic Diagnostic { get; }

        public LockFix Fix { get; }

        /// <summary>The editor of the document the diagnostic is in.</summary>
        public DocumentEditor Editor { get; }

        /// <summary>The part of the owner type that holds the creation.</summary>
        public TypeDeclarationSyntax Declaration { get; }

        public INamedTypeSymbol Owner { get; }

        /// <summary>The field or auto-property that holds the primitive (declared by the owner or a base type).</summary>
        public ISymbol Member { get; }

        public ITypeSymbol MemberType { get; }

        /// <summary>The creating call, as written.</summary>
        public SyntaxNode Creation => Editor.OriginalRoot.FindNode(Diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

        /// <summary>The P/Invoke the type called to initialize or create a native lock, named by the contract.</summary>
        public IMethodSymbol? Initializer(Compilation compilation) =>
            Fix.NativeInitializer is { } id ? DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) as IMethodSymbol : null;

        /// <summary>Null when the diagnostic carries no contract, or names nothing in source this fix can edit.</summary>
        public static async Task<ReleaseRequest?> FromAsync(ReleaseEditSession session, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            // A lock in a pinned fixed-size buffer is released through a pointer pinned the same way; no fix writes that yet,
            // and a release of the buffer itself would not compile (CS1666), so none is offered.
            if (LockFix.From(diagnostic) is not { Passing: not ArgumentPassing.Pinned } fix || !diagnostic.Location.IsInSource
                || await session.GetEditorAsync(diagnostic.Location.SourceTree, cancellationToken).ConfigureAwait(false) is not { } editor
                || diagnostic.Location.SourceSpan.End > editor.OriginalRoot.FullSpan.End)
            {
                return null;
            }

            // The part of the owner that holds the creation receives new members; the owner itself is the analyzer's word.
            var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (fix.Owner is null
                || DocumentationCommentId.GetFirstSymbolForDeclarationId(fix.Owner, editor.SemanticModel.Compilation) is not INamedTypeSymbol owner
                || node.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault(t => t is not InterfaceDeclarationSyntax
                    && SymbolEqualityComparer.Default.Equals(editor.SemanticModel.GetDeclaredSymbol(t, cancellationToken), owner)) is not { } declaration)
            {
                return null;
            }

            for (var type = owner; type is not null; type = type.BaseType)
            {
                foreach (var candidate in type.GetMembers(fix.Member))
                {
                    var memberType = candidate switch
                    {
                        IFieldSymbol { IsStatic: false } field => field.Type,
                        IPropertySymbol { IsStatic: false, IsIndexer: false } property => property.Type,
                        _ => null,
                    };
                    if (memberType is not null)
                    {
                        return new ReleaseRequest(diagnostic, fix, editor, declaration, owner, candidate, memberType);
                    }
                }
            }

            return null;
        }
    }
}
