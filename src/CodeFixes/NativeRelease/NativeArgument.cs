using System.Linq;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.NativeRelease
{
    /// <summary>
    /// The member as a native release or free receives it: by ref, by address, or by value with a cast where the
    /// member's type and the parameter's differ between IntPtr, nint and pointers (CS1503 otherwise).
    /// </summary>
    internal static class NativeArgument
    {
        public static bool Accepts(Compilation compilation, IParameterSymbol parameter, ITypeSymbol argumentType, ArgumentPassing passing)
        {
            if (passing == ArgumentPassing.Ref)
            {
                return parameter.RefKind is RefKind.Ref or RefKind.In && SymbolEqualityComparer.Default.Equals(parameter.Type, argumentType);
            }

            return parameter.RefKind == RefKind.None
                && (compilation.ClassifyConversion(argumentType, parameter.Type).IsImplicit || NeedsCast(compilation, argumentType, parameter.Type));
        }

        /// <summary>IntPtr/nint to a pointer, a pointer to IntPtr/nint, void* to a typed pointer: explicit conversions the fix writes as a cast.</summary>
        public static bool NeedsCast(Compilation compilation, ITypeSymbol from, ITypeSymbol to) =>
            !compilation.ClassifyConversion(from, to).IsImplicit
            && (from is IPointerTypeSymbol || IsNativeInt(from)) && (to is IPointerTypeSymbol || IsNativeInt(to));

        public static ArgumentSyntax Build(SyntaxGenerator generator, Compilation compilation, ExpressionSyntax member, ITypeSymbol argumentType, ITypeSymbol parameterType, TypeSyntax? parameterSpelling, ArgumentPassing passing)
        {
            if (passing == ArgumentPassing.Ref)
            {
                return Argument(member).WithRefKindKeyword(Token(SyntaxKind.RefKeyword));
            }

            ExpressionSyntax value = passing == ArgumentPassing.Address ? PrefixUnaryExpression(SyntaxKind.AddressOfExpression, member) : member;
            if (NeedsCast(compilation, argumentType, parameterType))
            {
                value = CastExpression(Spelled(generator, parameterType, parameterSpelling), value);
            }

            return Argument(value);
        }

        /// <summary>
        /// The parameter's type as its declaration spells it (`IntPtr` stays `IntPtr`); for a parameter declared in
        /// metadata, `nint` or as the simplifier writes it (`void*`).
        /// </summary>
        private static TypeSyntax Spelled(SyntaxGenerator generator, ITypeSymbol type, TypeSyntax? spelling)
        {
            if (spelling is not null)
            {
                return spelling.WithoutTrivia();
            }

            // `nint` binds without a using directive (C# 9 and later, which pointers to native ints need anyway).
            if (IsNativeInt(type))
            {
                return IdentifierName(type.SpecialType == SpecialType.System_IntPtr ? "nint" : "nuint");
            }

            return (TypeSyntax)generator.TypeExpression(type).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        /// <summary>How the source declaring <paramref name="parameter"/> spells its type, when it is in source.</summary>
        public static TypeSyntax? SpellingOf(IParameterSymbol parameter) =>
            (parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as ParameterSyntax)?.Type;

        public static bool IsNativeInt(ITypeSymbol type) => type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
    }
}
