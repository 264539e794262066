using System.Linq;
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

            return type switch
            {
                IPointerTypeSymbol => LiteralExpression(SyntaxKind.NullLiteralExpression),
                { SpecialType: SpecialType.System_IntPtr or SpecialType.System_UIntPtr } when DeclaredTypeText(member) is "nint" or "nuint" =>
                    LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0)),
                { SpecialType: SpecialType.System_IntPtr } => ParseExpression("IntPtr.Zero"),
                { SpecialType: SpecialType.System_UIntPtr } => ParseExpression("UIntPtr.Zero"),
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
    }
}
