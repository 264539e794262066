using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.CodeFixes.Editing;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.NativeRelease
{
    /// <summary>
    /// The release of a collection of native handles the type filled itself (`IntPtr[]` of CreateEvent results,
    /// `List&lt;nint&gt;`): every non-zero element closed, then zeroed.
    /// </summary>
    /// <remarks>
    /// Each element is reset rather than the collection cleared: an array cannot be cleared by assignment when its field is
    /// readonly, but its elements can always be written, so a second Dispose, or the finalizer after a Dispose that did
    /// not suppress it, skips what is already closed. The null check covers a finalizer running on an object whose
    /// constructor threw before it filled the field.
    /// </remarks>
    internal static class NativeHandleLoop
    {
        /// <summary>Null when the collection cannot be indexed and written (no `Length`/`Count` and settable indexer) or no release can be called.</summary>
        public static async Task<StatementSyntax?> BuildAsync(ReleaseEditSession session, Compilation compilation, ReleaseRequest request, CancellationToken cancellationToken)
        {
            var fix = request.Fix;
            if (!fix.NeedsNativeRelease || fix.NativeRelease is null || fix.Free is not null || fix.Passing != ArgumentPassing.Value
                || NativeStorage.ElementType(request.MemberType) is not { } elementType
                || CountOf(request.MemberType) is not { } count
                || NativeStorage.ElementZero(request.Member, elementType) is not { } zero
                || await NativeReleaseCallee.FindOrDeclareAsync(session, compilation, request, cancellationToken).ConfigureAwait(false) is not { } callee)
            {
                return null;
            }

            // Per project too: each target framework's copy of the type is fixed on its own, and the copies must agree.
            var owner = request.Editor.OriginalDocument.Project.Id.Id.ToString() + "|" + DocumentationCommentId.CreateDeclarationId(request.Owner);
            if (!session.LoopNames.TryGetValue(owner, out var names))
            {
                names = NamesOf(request.Owner);
                session.LoopNames.Add(owner, names);
            }

            var index = IdentifierName(names.Reserve("i"));
            var member = request.MemberExpression;
            var element = ElementAccessExpression(member, BracketedArgumentList(SingletonSeparatedList(Argument(index))));
            var argument = NativeArgument.Build(request.Editor.Generator, compilation, element, elementType, callee.ParameterType, callee.ParameterSpelling, ArgumentPassing.Value);
            var close = ExpressionStatement(InvocationExpression(callee.Expression, ArgumentList(SingletonSeparatedList(argument))));
            var reset = ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, element, zero));
            var loop = ForStatement(
                VariableDeclaration(IdentifierName("var"), SingletonSeparatedList(
                    VariableDeclarator(index.Identifier).WithInitializer(EqualsValueClause(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0)))))),
                default,
                BinaryExpression(SyntaxKind.LessThanExpression, index, MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, member, IdentifierName(count))),
                SingletonSeparatedList<ExpressionSyntax>(PostfixUnaryExpression(SyntaxKind.PostIncrementExpression, index)),
                Block(IfStatement(BinaryExpression(SyntaxKind.NotEqualsExpression, element, zero), Block(close, reset))));
            return IfStatement(BinaryExpression(SyntaxKind.NotEqualsExpression, member, LiteralExpression(SyntaxKind.NullLiteralExpression)), Block(loop));
        }

        /// <summary>`Length` of a one-dimensional array, `Count` of a list whose int indexer can be written; null otherwise.</summary>
        private static string? CountOf(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.IsSZArray ? "Length" : null;
            }

            var declaring = new List<ITypeSymbol>();
            for (var current = type; current is not null; current = current.BaseType)
            {
                declaring.Add(current);
            }

            declaring.AddRange(type.AllInterfaces);
            var members = declaring.SelectMany(t => t.GetMembers()).OfType<IPropertySymbol>().Where(p => !p.IsStatic).ToList();
            var writable = members.Any(p => p.IsIndexer && p.Parameters.Length == 1 && p.Parameters[0].Type.SpecialType == SpecialType.System_Int32 && p.SetMethod is not null);
            var counted = members.Any(p => p.Name == "Count" && !p.IsIndexer && p.Type.SpecialType == SpecialType.System_Int32);
            return writable && counted ? "Count" : null;
        }

        /// <summary>
        /// The owner's member names and every name its methods use: the index must clash with none of the disposal path it
        /// lands in. A constructor is never that path, so its loop's `i` is left free.
        /// </summary>
        private static NameScope NamesOf(INamedTypeSymbol owner) =>
            new NameScope(owner.MemberNames.Concat(owner.DeclaringSyntaxReferences
                .SelectMany(r => r.GetSyntax().DescendantTokens(n => n is not ConstructorDeclarationSyntax))
                .Where(t => t.IsKind(SyntaxKind.IdentifierToken))
                .Select(t => t.ValueText)));
    }
}
