using LockLeak.Catalog;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// Does a constructor of the compilation keep what it is passed (SPEC: "another object's constructor that stores it")?
    /// Read from its syntax: the parameter assigned to something, handed on to a base or chained constructor, another
    /// constructor or an Add; a primary-constructor parameter is captured by the type. A constructor that only uses the
    /// parameter (waits on it, reads it) leaves the caller the owner.
    /// </summary>
    internal static class ConstructorStores
    {
        public static bool Stores(IMethodSymbol constructor, IParameterSymbol parameter)
        {
            var name = parameter.Name;
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                if (syntax is TypeDeclarationSyntax)
                {
                    // A primary constructor: its parameters live as long as the instance when any member uses them.
                    return true;
                }

                foreach (var node in syntax.DescendantNodes())
                {
                    if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name && IsKept(identifier))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsKept(ExpressionSyntax identifier)
        {
            for (SyntaxNode? current = identifier; current is not null; current = current.Parent)
            {
                switch (current.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Right == current:
                    case ConstructorInitializerSyntax:
                    case ArgumentSyntax { Parent.Parent: BaseObjectCreationExpressionSyntax }:
                    case InitializerExpressionSyntax:
                        return true;
                    case ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax invocation }
                        when NativeCallLookup.CalledName(invocation) is { } called && OperationShapes.CollectionAddNames.Contains(called):
                        return true;
                    case ParenthesizedExpressionSyntax or CastExpressionSyntax or BinaryExpressionSyntax or ConditionalExpressionSyntax or ArgumentSyntax or ArgumentListSyntax:
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }
    }
}
