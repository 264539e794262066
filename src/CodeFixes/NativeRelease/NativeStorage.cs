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
            var spelled = DeclaredType(member)?.WithoutTrivia();
            return type switch
            {
                IPointerTypeSymbol => LiteralExpression(SyntaxKind.NullLiteralExpression),
                { SpecialType: SpecialType.System_IntPtr or SpecialType.System_UIntPtr } when spelled?.ToString() is "nint" or "nuint" =>
                    LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0)),
                { SpecialType: SpecialType.System_IntPtr or SpecialType.System_UIntPtr } =>
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, spelled ?? IdentifierName(type.Name), IdentifierName("Zero")),
                _ => null,
            };
        }

        private static TypeSyntax? DeclaredType(ISymbol member) =>
            member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() switch
            {
                VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type,
                PropertyDeclarationSyntax property => property.Type,
                _ => null,
            };
    }
}
