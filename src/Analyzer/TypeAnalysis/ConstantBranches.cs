using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// The bool parameters a call fixes with a constant (`Dispose(true)`, `Dispose(disposing: false)`), and the code of
    /// the callee they make unreachable: the branch of `if (disposing)` the constant does not take, and what follows an
    /// `if (!disposing) return;` it takes. A parameter the call does not fix reaches both branches.
    /// </summary>
    internal sealed class ConstantBranches
    {
        private readonly IMethodSymbol method;
        private readonly ImmutableArray<bool?> values;

        private ConstantBranches(IMethodSymbol method, ImmutableArray<bool?> values)
        {
            this.method = method;
            this.values = values;
        }

        /// <summary>
        /// What <paramref name="invocation"/> fixes of <paramref name="callee"/>'s bool parameters: constants, and the
        /// caller's own parameters it passes on while those are fixed (<paramref name="caller"/>). Null when it fixes none.
        /// </summary>
        public static ConstantBranches? Of(IInvocationOperation invocation, IMethodSymbol callee, ConstantBranches? caller)
        {
            bool?[]? fixedValues = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { Type.SpecialType: SpecialType.System_Boolean } parameter || parameter.Ordinal >= callee.Parameters.Length)
                {
                    continue;
                }

                var value = argument.Value.ConstantValue is { HasValue: true, Value: bool constant } ? constant : caller?.Evaluate(argument.Value);
                if (value is { } known)
                {
                    fixedValues ??= new bool?[callee.Parameters.Length];
                    fixedValues[parameter.Ordinal] = known;
                }
            }

            return fixedValues is null ? null : new ConstantBranches(callee, fixedValues.ToImmutableArray());
        }

        /// <summary>A method entered as if called with <paramref name="value"/> for its only bool parameter: Dispose(bool) as the synchronous path, Dispose(true).</summary>
        public static ConstantBranches ForSingle(IMethodSymbol method, bool value) => new ConstantBranches(method, ImmutableArray.Create<bool?>(value));

        /// <summary>The roots of the subtrees of <paramref name="body"/> that the fixed parameters make unreachable.</summary>
        public HashSet<IOperation> Unreachable(IOperation body)
        {
            var dead = new HashSet<IOperation>();
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is not IConditionalOperation conditional || Evaluate(conditional.Condition) is not { } taken)
                {
                    continue;
                }

                if ((taken ? conditional.WhenFalse : conditional.WhenTrue) is { } skipped)
                {
                    dead.Add(skipped);
                }

                // `if (!disposing) return;` taken: nothing after it in its block runs.
                if (taken && conditional.WhenFalse is null && AlwaysExits(conditional.WhenTrue) && conditional.Parent is IBlockOperation block)
                {
                    foreach (var later in block.Operations.SkipWhile(o => !ReferenceEquals(o, conditional)).Skip(1))
                    {
                        dead.Add(later);
                    }
                }
            }

            return dead;
        }

        /// <summary>Whether <paramref name="operation"/> lies in one of the <paramref name="dead"/> subtrees.</summary>
        public static bool IsUnreachable(IOperation operation, HashSet<IOperation> dead)
        {
            for (var current = operation; current is not null && dead.Count > 0; current = current.Parent)
            {
                if (dead.Contains(current))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The value of a condition over the fixed parameters, or null when it depends on anything else.</summary>
        private bool? Evaluate(IOperation condition)
        {
            switch (condition)
            {
                case { ConstantValue: { HasValue: true, Value: bool constant } }:
                    return constant;
                case IConversionOperation { IsImplicit: true } conversion:
                    return Evaluate(conversion.Operand);
                case IParameterReferenceOperation reference
                    when SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol.OriginalDefinition, method.OriginalDefinition)
                        && reference.Parameter.Ordinal < values.Length:
                    return values[reference.Parameter.Ordinal];
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return !Evaluate(not.Operand);
                case IBinaryOperation binary:
                    var left = Evaluate(binary.LeftOperand);
                    var right = Evaluate(binary.RightOperand);
                    // bool? `&` and `|` are three-valued: `false && unknown` is false, `true || unknown` is true.
                    return binary.OperatorKind switch
                    {
                        BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And => left & right,
                        BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or => left | right,
                        BinaryOperatorKind.Equals when left is not null && right is not null => left == right,
                        BinaryOperatorKind.NotEquals when left is not null && right is not null => left != right,
                        _ => null,
                    };
                case IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: bool expected } } } isPattern:
                    return Evaluate(isPattern.Value) is { } actual ? actual == expected : null;
                default:
                    return null;
            }
        }

        private static bool AlwaysExits(IOperation operation) => operation switch
        {
            IReturnOperation or IThrowOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            IBlockOperation block => block.Operations.Length > 0 && AlwaysExits(block.Operations[block.Operations.Length - 1]),
            _ => false,
        };
    }
}
