using System.Collections.Generic;
using System.Linq;
using LockLeak.CodeFixes.Editing;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// A lock created under a platform check (`OperatingSystem.IsWindows()`, `RuntimeInformation.IsOSPlatform(…)`, or
    /// the else of one) exists only on that platform: its release runs under the same check. Which check it is, is the
    /// analyzer's semantic decision (<see cref="LockFix.PlatformCheck"/>, <see cref="LockFix.PlatformArgument"/>,
    /// <see cref="LockFix.PlatformElse"/>), however the source spelled it (a `using static`, an alias); the guard is
    /// written from the bound method, fully qualified, and the session's simplifier and import adder shorten it.
    /// </summary>
    internal static class PlatformGuard
    {
        /// <summary>
        /// The condition the release runs under: null with <paramref name="rebuilt"/> true when the lock was created on
        /// every platform; null with <paramref name="rebuilt"/> false when the check cannot be written here (then no
        /// release is written: one outside the check would run on a platform where the lock does not exist).
        /// </summary>
        public static ExpressionSyntax? ConditionOf(LockFix fix, SyntaxGenerator generator, Compilation compilation, out bool rebuilt)
        {
            rebuilt = true;
            if (fix.PlatformCheck is not { } id)
            {
                return null;
            }

            rebuilt = false;
            if (DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is not IMethodSymbol { IsStatic: true } check)
            {
                return null;
            }

            var arguments = new List<SyntaxNode>();
            if (check.Parameters.Length == 1)
            {
                // RuntimeInformation.IsOSPlatform(OSPlatform.Windows): the platform is a static property of the parameter's type.
                if (fix.PlatformArgument is not { } os || check.Parameters[0].Type is not INamedTypeSymbol platformType
                    || !platformType.GetMembers(os).OfType<IPropertySymbol>().Any(p => p.IsStatic))
                {
                    return null;
                }

                arguments.Add(generator.MemberAccessExpression(Qualified(generator, platformType), os));
            }
            else if (check.Parameters.Length != 0)
            {
                return null;
            }

            var call = generator.InvocationExpression(generator.MemberAccessExpression(Qualified(generator, check.ContainingType), check.Name), arguments);
            rebuilt = true;
            return (ExpressionSyntax)(fix.PlatformElse ? generator.LogicalNotExpression(call) : call);
        }

        /// <summary>`if (platform) { … }`; a lone storage guard joins the platform check: `if (OperatingSystem.IsWindows() &amp;&amp; _h != IntPtr.Zero)`.</summary>
        public static StatementSyntax Wrap(ExpressionSyntax platform, IReadOnlyList<StatementSyntax> statements)
        {
            if (statements.Count == 1 && statements[0] is IfStatementSyntax { Else: null } guard)
            {
                var left = platform is BinaryExpressionSyntax or ConditionalExpressionSyntax ? ParenthesizedExpression(platform) : platform;
                return guard.WithCondition(BinaryExpression(SyntaxKind.LogicalAndExpression, left, guard.Condition)).WithAdditionalAnnotations(Formatter.Annotation);
            }

            return IfStatement(platform, Block(statements)).WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>
        /// The releases of the locks one member holds on different platforms, as one statement: `if (check) { … } else { … }`
        /// for a check and its else; else an `if`/`else if` chain of each platform's guarded release.
        /// </summary>
        public static StatementSyntax Chain(IReadOnlyList<(LockFix Fix, ExpressionSyntax Platform, IReadOnlyList<StatementSyntax> Statements)> parts)
        {
            if (parts.Count == 2 && parts[0].Fix.PlatformCheck == parts[1].Fix.PlatformCheck && parts[0].Fix.PlatformArgument == parts[1].Fix.PlatformArgument
                && parts[0].Fix.PlatformElse != parts[1].Fix.PlatformElse)
            {
                var (then, otherwise) = parts[0].Fix.PlatformElse ? (parts[1], parts[0]) : (parts[0], parts[1]);
                StatementSyntax elseStatement = otherwise.Statements.Count == 1 && otherwise.Statements[0] is IfStatementSyntax lone ? lone : Block(otherwise.Statements);
                return IfStatement(then.Platform, Block(then.Statements), ElseClause(elseStatement)).WithAdditionalAnnotations(Formatter.Annotation);
            }

            var chain = Wrap(parts[parts.Count - 1].Platform, parts[parts.Count - 1].Statements);
            for (var i = parts.Count - 2; i >= 0; i--)
            {
                chain = ((IfStatementSyntax)Wrap(parts[i].Platform, parts[i].Statements)).WithElse(ElseClause(chain));
            }

            return chain.WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>The type, fully qualified for the simplifier, marked for a using directive where its namespace is not imported.</summary>
        private static SyntaxNode Qualified(SyntaxGenerator generator, ITypeSymbol type) =>
            generator.TypeExpression(type).WithAdditionalAnnotations(ReleaseEditSession.ImportsAnnotation);
    }
}
