using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Catalog
{
    /// <summary>
    /// Which methods of the compilation release what they are passed: Release(_gate), NativeMethods.Destroy(ref _cs). Only
    /// a body the compilation holds is evidence: a method of another library may do anything with its argument.
    /// </summary>
    internal sealed class ParameterReleases
    {
        private static readonly Func<NativeRole, bool> IsRelease = role => role == NativeRole.Release;

        private readonly LockCatalog catalog;

        // The answer depends on the configured release verbs (lockleak.release_methods) as well as on the parameter.
        private readonly ConcurrentDictionary<(IParameterSymbol Parameter, ImmutableHashSet<string> Verbs), ParameterRelease> answers =
            new ConcurrentDictionary<(IParameterSymbol Parameter, ImmutableHashSet<string> Verbs), ParameterRelease>(new KeyComparer());

        public ParameterReleases(LockCatalog catalog)
        {
            this.catalog = catalog;
        }

        /// <summary>
        /// What a method of this compilation does to the parameter at <paramref name="ordinal"/>: disposes or closes it,
        /// passes it to a native release, frees its memory (any of them). Read from syntax, cached per parameter.
        /// </summary>
        public ParameterRelease Releases(IMethodSymbol method, int ordinal, LockLeakOptions options)
        {
            if (ordinal < 0 || ordinal >= method.Parameters.Length || !catalog.IsSameCompilation(method))
            {
                return ParameterRelease.None;
            }

            var definition = method.OriginalDefinition;
            return answers.GetOrAdd((definition.Parameters[ordinal], options.ReleaseMethods), key => ReleasesBySyntax(definition, key.Parameter.Name, options));
        }

        private ParameterRelease ReleasesBySyntax(IMethodSymbol method, string parameterName, LockLeakOptions options)
        {
            var released = ParameterRelease.None;
            var implementation = method.PartialImplementationPart ?? method;
            foreach (var reference in implementation.DeclaringSyntaxReferences)
            {
                var writer = implementation.ContainingType;
                released |= ReleasesIn(writer, reference.GetSyntax(), parameterName, options);
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    switch (node)
                    {
                        // Every element: the loop variable of a foreach over the parameter, the parameter of a ForEach
                        // lambda over it, or the parameter indexed by a variable (`for (...) CloseHandle(hs[i])`).
                        case ForEachStatementSyntax loop when IsName(loop.Expression, parameterName):
                            released |= EachOf(ReleasesIn(writer, loop.Statement, loop.Identifier.ValueText, options));
                            break;
                        case InvocationExpressionSyntax invocation:
                            if (ForEachLambda(invocation, parameterName) is { } lambda)
                            {
                                released |= EachOf(ReleasesIn(writer, lambda.Body, lambda.Parameter, options));
                            }

                            released |= EachOf(ReleaseCallOn(writer, invocation, e => IsVariableElement(e, parameterName), options));
                            break;
                    }
                }
            }

            return released;
        }

        /// <summary>What the code under <paramref name="node"/> does to the value named <paramref name="name"/> as a whole.</summary>
        private ParameterRelease ReleasesIn(INamedTypeSymbol writer, SyntaxNode node, string name, LockLeakOptions options)
        {
            var released = ParameterRelease.None;
            foreach (var inner in node.DescendantNodesAndSelf())
            {
                switch (inner)
                {
                    case InvocationExpressionSyntax invocation:
                        released |= ReleaseCallOn(writer, invocation, e => IsName(e, name), options);
                        break;
                    case UsingStatementSyntax { Expression: { } used } when IsName(used, name):
                        released |= ParameterRelease.Disposes;
                        break;
                }
            }

            return released;
        }

        private static ParameterRelease EachOf(ParameterRelease released) =>
            ((released & ParameterRelease.Disposes) != 0 ? ParameterRelease.DisposesEach : ParameterRelease.None)
            | ((released & ParameterRelease.NativeRelease) != 0 ? ParameterRelease.NativeReleasesEach : ParameterRelease.None);

        /// <summary>`Array.ForEach(hs, h => ...)` or `hs.ForEach(h => ...)` over the parameter: the lambda's body and its parameter's name.</summary>
        private static (CSharpSyntaxNode Body, string Parameter)? ForEachLambda(InvocationExpressionSyntax invocation, string parameterName)
        {
            if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ForEach" } access)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.Arguments;
            var overParameter = IsName(access.Expression, parameterName) || (arguments.Count == 2 && IsName(arguments[0].Expression, parameterName));
            if (!overParameter || arguments.Count == 0)
            {
                return null;
            }

            switch (arguments[arguments.Count - 1].Expression)
            {
                case SimpleLambdaExpressionSyntax simple:
                    return (simple.Body, simple.Parameter.Identifier.ValueText);
                case ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized:
                    return (parenthesized.Body, parenthesized.ParameterList.Parameters[0].Identifier.ValueText);
                default:
                    return null;
            }
        }

        private static bool IsName(ExpressionSyntax? expression, string name) =>
            Strip(expression) is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;

        /// <summary>`hs[i]`: an element of the parameter at an index that is not a constant (`hs[0]` is one element, not each).</summary>
        private static bool IsVariableElement(ExpressionSyntax? expression, string name) =>
            Strip(expression) is ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element && IsName(element.Expression, name)
            && element.ArgumentList.Arguments[0].Expression is not LiteralExpressionSyntax;

        private ParameterRelease ReleaseCallOn(INamedTypeSymbol writer, InvocationExpressionSyntax invocation, Func<ExpressionSyntax?, bool> isTarget, LockLeakOptions options)
        {
            string? name;
            ExpressionSyntax? receiver;
            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax access:
                    name = access.Name.Identifier.ValueText;
                    receiver = access.Expression;
                    break;
                case MemberBindingExpressionSyntax binding when invocation.Parent is ConditionalAccessExpressionSyntax conditional:
                    name = binding.Name.Identifier.ValueText;
                    receiver = conditional.Expression;
                    break;
                case IdentifierNameSyntax identifier:
                    name = identifier.Identifier.ValueText;
                    receiver = null;
                    break;
                default:
                    return ParameterRelease.None;
            }

            if (receiver is not null && isTarget(receiver) && invocation.ArgumentList.Arguments.Count == 0 && ReleaseVerbs.IsReleaseVerb(name, options))
            {
                return ParameterRelease.Disposes;
            }

            if (!invocation.ArgumentList.Arguments.Any(a => isTarget(a.Expression)))
            {
                return ParameterRelease.None;
            }

            // A free of the memory behind a native lock, named as the runtime names it.
            if (receiver is not null && Strip(receiver) is IdentifierNameSyntax or MemberAccessExpressionSyntax
                && NativeApi.IsMemoryFree(receiver.ToString(), name))
            {
                return ParameterRelease.FreesMemory;
            }

            // A native release, confirmed on the P/Invoke declaration the name reaches (matched by entry point).
            return catalog.NativeCalls.Find(writer, invocation, IsRelease) is not null ? ParameterRelease.NativeRelease : ParameterRelease.None;
        }

        private static ExpressionSyntax? Strip(ExpressionSyntax? expression)
        {
            while (true)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    case CastExpressionSyntax cast:
                        expression = cast.Expression;
                        continue;
                    default:
                        return expression;
                }
            }
        }

        private sealed class KeyComparer : System.Collections.Generic.IEqualityComparer<(IParameterSymbol Parameter, ImmutableHashSet<string> Verbs)>
        {
            public bool Equals((IParameterSymbol Parameter, ImmutableHashSet<string> Verbs) x, (IParameterSymbol Parameter, ImmutableHashSet<string> Verbs) y) =>
                SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter) && ReferenceEquals(x.Verbs, y.Verbs);

            public int GetHashCode((IParameterSymbol Parameter, ImmutableHashSet<string> Verbs) key) => SymbolEqualityComparer.Default.GetHashCode(key.Parameter);
        }
    }
}
