using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
            if (LockFix.From(diagnostic) is not { } fix || !diagnostic.Location.IsInSource
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

            // A lock in a field of a nested struct field is named by its path (`_state.Gate`): the member is its last step.
            var path = fix.Member.Split('.');
            for (var type = owner; type is not null; type = type.BaseType)
            {
                foreach (var candidate in type.GetMembers(path[0]))
                {
                    if (InstanceMemberType(candidate) is { } memberType && Follow(candidate, memberType, path) is { } last)
                    {
                        return new ReleaseRequest(diagnostic, fix, editor, declaration, owner, last.Member, last.Type);
                    }
                }
            }

            return null;
        }

        /// <summary>The storage as the release names it: `_cs`, or the path into a nested struct field, `_state.Gate`.</summary>
        public ExpressionSyntax MemberExpression
        {
            get
            {
                var path = Fix.Member.Split('.');
                ExpressionSyntax expression = SyntaxFactory.IdentifierName(path[0]);
                for (var i = 1; i < path.Length; i++)
                {
                    expression = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, SyntaxFactory.IdentifierName(path[i]));
                }

                return expression;
            }
        }

        private static ITypeSymbol? InstanceMemberType(ISymbol member) => member switch
        {
            IFieldSymbol { IsStatic: false } field => field.Type,
            IPropertySymbol { IsStatic: false, IsIndexer: false } property => property.Type,
            _ => null,
        };

        private static (ISymbol Member, ITypeSymbol Type)? Follow(ISymbol member, ITypeSymbol type, string[] path)
        {
            for (var i = 1; i < path.Length; i++)
            {
                // Only fields of struct fields: the storage is inline in the owner, not behind a reference.
                if (member is not IFieldSymbol || !type.IsValueType
                    || type.GetMembers(path[i]).OfType<IFieldSymbol>().FirstOrDefault(f => !f.IsStatic) is not { } next)
                {
                    return null;
                }

                (member, type) = (next, next.Type);
            }

            return (member, type);
        }
    }
}
