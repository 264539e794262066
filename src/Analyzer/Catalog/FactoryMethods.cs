using System.Collections.Generic;
using System.Collections.Immutable;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Catalog
{
    /// <summary>
    /// Factories of the compilation on any type (SPEC "created by the type"): a method that is not virtual, abstract or an
    /// interface member, returns a lock primitive or wrapper, and whose every `return` yields a newly created one, directly
    /// or through a local: `Throttles.CreateMutexLike()`. A lookup that may hand back a cached instance (`_cache ??= new(...)`,
    /// `return _shared;` on some path) is not one. Asked only for calls met in a type that passed the gate; the body is
    /// read from syntax (no semantic model of the factory's tree) and the answer cached per method.
    /// </summary>
    internal sealed class FactoryMethods
    {
        private readonly LockCatalog catalog;
        private readonly AnswerCache<IMethodSymbol, bool> bodies = new AnswerCache<IMethodSymbol, bool>(1024, SymbolEqualityComparer.Default);

        public FactoryMethods(LockCatalog catalog)
        {
            this.catalog = catalog;
        }

        /// <summary>Does a call of <paramref name="method"/> always return a new lock primitive or wrapper?</summary>
        public bool IsFactory(IMethodSymbol method, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            // The cheap refusals first: most calls a gated type makes return void, a predefined type, or live elsewhere.
            if (method.ReturnsVoid || method.ReturnType.SpecialType != SpecialType.None || method.MethodKind != MethodKind.Ordinary
                || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern
                || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } || !catalog.IsSameCompilation(method)
                || catalog.ClassifyCreated(method.ReturnType, additional) is null)
            {
                return false;
            }

            var definition = method.PartialImplementationPart ?? method.OriginalDefinition;
            return bodies.GetOrCompute(definition, 0, static (m, _) => AlwaysReturnsNew(m));
        }

        private static bool AlwaysReturnsNew(IMethodSymbol method)
        {
            var returns = 0;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not MethodDeclarationSyntax declaration)
                {
                    return false;
                }

                if (declaration.ExpressionBody is { } arrow)
                {
                    if (!IsNew(arrow.Expression, declaration))
                    {
                        return false;
                    }

                    returns++;
                    continue;
                }

                if (declaration.Body is null)
                {
                    continue;
                }

                // Returns of lambdas and local functions inside the factory are not its returns.
                foreach (var node in declaration.Body.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
                {
                    if (node is ReturnStatementSyntax statement)
                    {
                        if (statement.Expression is null || !IsNew(statement.Expression, declaration))
                        {
                            return false;
                        }

                        returns++;
                    }
                }
            }

            return returns > 0;
        }

        /// <summary>`new T(...)`, `new(...)`, either branch of `?:` (a throw counts as no value), or a local only ever assigned such values.</summary>
        private static bool IsNew(ExpressionSyntax expression, MethodDeclarationSyntax method, int depth = 0)
        {
            if (depth > OperationShapes.MaxDepth)
            {
                return false;
            }

            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return IsNew(parenthesized.Expression, method, depth + 1);
                case CastExpressionSyntax cast:
                    return IsNew(cast.Expression, method, depth + 1);
                case BaseObjectCreationExpressionSyntax:
                    return true;
                case ConditionalExpressionSyntax conditional:
                    return (conditional.WhenTrue is ThrowExpressionSyntax || IsNew(conditional.WhenTrue, method, depth + 1))
                        && (conditional.WhenFalse is ThrowExpressionSyntax || IsNew(conditional.WhenFalse, method, depth + 1));
                case IdentifierNameSyntax local:
                    return LocalAlwaysNew(local.Identifier.ValueText, method, depth);
                default:
                    return false;
            }
        }

        private static bool LocalAlwaysNew(string name, MethodDeclarationSyntax method, int depth)
        {
            if (method.Body is null)
            {
                return false;
            }

            var values = new List<ExpressionSyntax>();
            var declared = false;
            foreach (var node in method.Body.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == name:
                        declared = true;
                        if (declarator.Initializer is { } initializer)
                        {
                            values.Add(initializer.Value);
                        }

                        break;
                    case AssignmentExpressionSyntax assignment when assignment.Left is IdentifierNameSyntax target && target.Identifier.ValueText == name:
                        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                        {
                            return false;
                        }

                        values.Add(assignment.Right);
                        break;
                    case ArgumentSyntax { Expression: IdentifierNameSyntax passed } argument when passed.Identifier.ValueText == name && !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                        // Written through ref or out: its value is whatever the callee put there.
                        return false;
                    case SingleVariableDesignationSyntax designation when designation.Identifier.ValueText == name:
                        return false;
                }
            }

            if (!declared || values.Count == 0)
            {
                return false;
            }

            foreach (var value in values)
            {
                if (!IsNew(value, method, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
