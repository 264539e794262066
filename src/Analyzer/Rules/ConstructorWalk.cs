using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Rules
{
    /// <summary>
    /// One walk of a constructor's body, for LCK004: the creations and calls the constructor itself runs, and the names
    /// it declares locals of. Lambdas and local functions run later, if at all, so what they create is not dropped by
    /// the constructor; their locals and parameters still hide a field of the same name, and are read only when a name
    /// is not found among the body's own (rare: the profile put a second walk of every constructor, for the names, at a
    /// third of LCK004's time on dependency-injection code).
    /// </summary>
    internal sealed class ConstructorWalk
    {
        private readonly HashSet<string> locals = new HashSet<string>(StringComparer.Ordinal);
        private List<SyntaxNode>? nested;
        private bool nestedRead;

        private ConstructorWalk(ConstructorDeclarationSyntax constructor)
        {
            Constructor = constructor;
        }

        public ConstructorDeclarationSyntax Constructor { get; }

        /// <summary>The object creations and invocations of the body, outside lambdas and local functions, in source order.</summary>
        public List<SyntaxNode> Candidates { get; } = new List<SyntaxNode>();

        public static ConstructorWalk Of(ConstructorDeclarationSyntax constructor, SyntaxNode body)
        {
            var walk = new ConstructorWalk(constructor);
            walk.Read(body, candidates: true);
            if (constructor.Initializer is { } initializer)
            {
                // `: base(out var state)` declares a local of the whole constructor.
                walk.Read(initializer, candidates: false);
            }

            return walk;
        }

        /// <summary>Does the constructor declare a local, pattern variable, lambda parameter or local function of that name anywhere?</summary>
        public bool DeclaresLocal(string name)
        {
            if (locals.Contains(name))
            {
                return true;
            }

            if (!nestedRead && nested is not null)
            {
                nestedRead = true;
                foreach (var function in nested)
                {
                    foreach (var node in function.DescendantNodesAndSelf())
                    {
                        AddDeclared(node);
                    }
                }

                return locals.Contains(name);
            }

            return false;
        }

        private void Read(SyntaxNode root, bool candidates)
        {
            foreach (var node in root.DescendantNodes(DescendInto))
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                        // A local function's own name is declared in the body; what it declares inside is read on demand.
                        (nested ??= new List<SyntaxNode>()).Add(node);
                        AddDeclared(node);
                        break;
                    case BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax:
                        if (candidates)
                        {
                            Candidates.Add(node);
                        }

                        break;
                    default:
                        AddDeclared(node);
                        break;
                }
            }
        }

        private static bool DescendInto(SyntaxNode node) => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

        private void AddDeclared(SyntaxNode node)
        {
            var declared = node switch
            {
                VariableDeclaratorSyntax variable => variable.Identifier,
                SingleVariableDesignationSyntax designation => designation.Identifier,
                ForEachStatementSyntax forEach => forEach.Identifier,
                CatchDeclarationSyntax caught => caught.Identifier,
                ParameterSyntax parameter => parameter.Identifier,
                LocalFunctionStatementSyntax function => function.Identifier,
                _ => default,
            };
            if (declared.ValueText is { Length: > 0 } text)
            {
                locals.Add(text);
            }
        }
    }
}
