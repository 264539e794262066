using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
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
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    switch (node)
                    {
                        case InvocationExpressionSyntax invocation:
                            released |= ReleaseCallOn(implementation.ContainingType, invocation, parameterName, options);
                            break;
                        case UsingStatementSyntax { Expression: IdentifierNameSyntax used } when used.Identifier.ValueText == parameterName:
                            released |= ParameterRelease.Disposes;
                            break;
                    }
                }
            }

            return released;
        }

        private ParameterRelease ReleaseCallOn(INamedTypeSymbol writer, InvocationExpressionSyntax invocation, string parameterName, LockLeakOptions options)
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

            if (Strip(receiver) is IdentifierNameSyntax target && target.Identifier.ValueText == parameterName
                && invocation.ArgumentList.Arguments.Count == 0 && ReleaseVerbs.IsReleaseVerb(name, options))
            {
                return ParameterRelease.Disposes;
            }

            if (!PassesParameter(invocation, parameterName))
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

        private static bool PassesParameter(InvocationExpressionSyntax invocation, string parameterName)
        {
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (Strip(argument.Expression) is IdentifierNameSyntax passed && passed.Identifier.ValueText == parameterName)
                {
                    return true;
                }
            }

            return false;
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
