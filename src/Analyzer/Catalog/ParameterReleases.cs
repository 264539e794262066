using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak
{
    /// <summary>Which methods of the compilation release what they are passed: Release(_gate), NativeMethods.Destroy(ref _cs).</summary>
    internal sealed class ParameterReleases
    {
        private readonly Compilation compilation;
        private readonly ConcurrentDictionary<IParameterSymbol, bool> parameterReleasers = new ConcurrentDictionary<IParameterSymbol, bool>(SymbolEqualityComparer.Default);

        public ParameterReleases(Compilation compilation)
        {
            this.compilation = compilation;
        }

        /// <summary>
        /// A method of this compilation that releases the parameter at <paramref name="ordinal"/>
        /// (disposes or closes it, or passes it to a native release or free). Read from syntax, cached.
        /// </summary>
        public bool Releases(IMethodSymbol method, int ordinal)
        {
            if (ordinal < 0 || ordinal >= method.Parameters.Length || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly))
            {
                return false;
            }

            var definition = method.OriginalDefinition;
            return parameterReleasers.GetOrAdd(definition.Parameters[ordinal], p => ReleasesParameterBySyntax(definition, p.Name));
        }

        private static bool ReleasesParameterBySyntax(IMethodSymbol method, string parameterName)
        {
            foreach (var reference in (method.PartialImplementationPart ?? method).DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    switch (node)
                    {
                        case InvocationExpressionSyntax invocation:
                            if (IsReleaseCallOn(invocation, parameterName))
                            {
                                return true;
                            }

                            break;
                        case UsingStatementSyntax { Expression: IdentifierNameSyntax used } when used.Identifier.ValueText == parameterName:
                            return true;
                    }
                }
            }

            return false;
        }

        private static bool IsReleaseCallOn(InvocationExpressionSyntax invocation, string parameterName)
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
                    return false;
            }

            while (receiver is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                receiver = receiver is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)receiver).Expression;
            }

            if (receiver is IdentifierNameSyntax target && target.Identifier.ValueText == parameterName && name is "Dispose" or "Close" or "DisposeAsync")
            {
                return true;
            }

            // A native release or a free whose argument is the parameter.
            if (name is "DeleteCriticalSection" or "CloseHandle" or "FreeHGlobal" or "FreeCoTaskMem" or "Free"
                || (name is not null && (name.EndsWith("_destroy", StringComparison.Ordinal) || name == "sem_destroy")))
            {
                foreach (var argument in invocation.ArgumentList.Arguments)
                {
                    var expression = argument.Expression;
                    while (expression is CastExpressionSyntax cast)
                    {
                        expression = cast.Expression;
                    }

                    if (expression is IdentifierNameSyntax passed && passed.Identifier.ValueText == parameterName)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
