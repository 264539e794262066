using System.Linq;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.NativeRelease
{
    /// <summary>Where a native lock lives, as far as a second release is concerned: whether the storage can be reset, and to what.</summary>
    internal static class NativeStorage
    {
        /// <summary>The empty value of storage the fix can reset; null for readonly and inline storage, which cannot be.</summary>
        public static ExpressionSyntax? Zero(ISymbol member, ITypeSymbol type, ArgumentPassing passing)
        {
            if (passing != ArgumentPassing.Value
                || member is IFieldSymbol { IsReadOnly: true } || member is IPropertySymbol { SetMethod: null }
                || member.ContainingType.IsReadOnly)
            {
                return null;
            }

            // nint and IntPtr are one type since C# 11, but code keeps its spelling: `_cs = 0;` or `_cs = IntPtr.Zero;`.
            return Zero(type, DeclaredType(member)?.WithoutTrivia());
        }

        /// <summary>The element of a handle collection (`IntPtr[]`, `List&lt;nint&gt;`): of the array, or the list's one type argument.</summary>
        public static ITypeSymbol? ElementType(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named => named.TypeArguments[0],
            _ => null,
        };

        /// <summary>The empty value of one element of a handle collection, spelled as the member's declaration spells the element.</summary>
        public static ExpressionSyntax? ElementZero(ISymbol member, ITypeSymbol element)
        {
            var spelled = DeclaredType(member) switch
            {
                ArrayTypeSyntax array => array.ElementType,
                GenericNameSyntax generic when generic.TypeArgumentList.Arguments.Count == 1 => generic.TypeArgumentList.Arguments[0],
                QualifiedNameSyntax { Right: GenericNameSyntax generic } when generic.TypeArgumentList.Arguments.Count == 1 => generic.TypeArgumentList.Arguments[0],
                _ => null,
            };
            return Zero(element, spelled?.WithoutTrivia());
        }

        private static ExpressionSyntax? Zero(ITypeSymbol type, TypeSyntax? spelled) => type switch
        {
            IPointerTypeSymbol => LiteralExpression(SyntaxKind.NullLiteralExpression),
            { SpecialType: SpecialType.System_IntPtr or SpecialType.System_UIntPtr } when spelled?.ToString() is "nint" or "nuint" =>
                LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0)),
            { SpecialType: SpecialType.System_IntPtr or SpecialType.System_UIntPtr } =>
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, spelled ?? IdentifierName(type.Name), IdentifierName("Zero")),
            _ => null,
        };

        private static TypeSyntax? DeclaredType(ISymbol member) =>
            member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() switch
            {
                VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type,
                PropertyDeclarationSyntax property => property.Type,
                _ => null,
            };
    }
}
