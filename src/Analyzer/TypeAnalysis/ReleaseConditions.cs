using System.Collections.Generic;
using System;
using System.Linq;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.Infrastructure.OperationShapes;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// LCK005's question: which condition, if any, can skip a release. Guards cannot (SPEC): a test of bool or enum values
    /// whoever holds them, a local set from Interlocked.Exchange / CompareExchange, a null or IntPtr.Zero check of the
    /// released member, a reference count reaching zero, and conjunctions of those.
    /// </summary>
    internal sealed class ReleaseConditions
    {
        private readonly OwnerScope scope;
        private readonly LockCatalog catalog;
        private readonly ValueOrigins origins;

        private readonly IReadOnlyDictionary<ISymbol, OwnedLock>? owned;

        public ReleaseConditions(OwnerScope scope, ValueOrigins origins, IReadOnlyDictionary<ISymbol, OwnedLock>? owned = null)
        {
            this.owned = owned;
            this.scope = scope;
            this.origins = origins;
            catalog = scope.Catalog;
        }

        /// <summary>
        /// Null when <paramref name="operation"/> runs on every path of its method, or runs under guards only
        /// (bool/enum tests of the type's own state, null checks of the released member, Interlocked results).
        /// Otherwise the first condition, as written, that can skip it, chained (<see cref="ReleaseCondition.Next"/>)
        /// to every other one from the release outwards: each early return before it that is not a guard is a link of its own.
        /// </summary>
        public ReleaseCondition? ConditionOf(IOperation operation, ISymbol? member)
        {
            ReleaseCondition? first = null;
            ReleaseCondition? last = null;
            void Add(ReleaseCondition condition) => last = first is null ? first = condition : last!.Append(condition);

            var child = operation;
            for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when !ReferenceEquals(conditional.Condition, child):
                        if (!IsGuard(conditional.Condition, member))
                        {
                            var text = Describe(conditional.Condition);
                            Add(new ReleaseCondition(ReferenceEquals(conditional.WhenFalse, child) ? "!(" + text + ")" : text, conditional, earlyExit: false));
                        }

                        break;
                    case ISwitchCaseOperation or ISwitchExpressionArmOperation:
                        var switchOperation = parent.Parent;
                        var switchValue = SwitchValue(switchOperation);
                        if (switchValue is not null && !IsGuardValue(switchValue, member) && !IsNullCheckOf(switchValue, member))
                        {
                            Add(new ReleaseCondition(Describe(switchValue) + " matches a case", switchOperation!, earlyExit: false));
                        }

                        break;
                    case ICatchClauseOperation:
                        Add(new ReleaseCondition("an exception is caught", parent.Parent ?? parent, earlyExit: false));
                        break;
                    case IBlockOperation block:
                        foreach (var statement in block.Operations)
                        {
                            if (ReferenceEquals(statement, child))
                            {
                                break;
                            }

                            foreach (var exit in SkippingExits(statement, member))
                            {
                                Add(exit);
                            }
                        }

                        break;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return first;
                }
            }

            return first;
        }

        private static IOperation? SwitchValue(IOperation? switchOperation) =>
            switchOperation is ISwitchOperation switchStatement ? switchStatement.Value : (switchOperation as ISwitchExpressionOperation)?.Value;

        /// <summary>
        /// The returns and throws inside <paramref name="statement"/> (at any depth, not in a lambda, local function, catch
        /// or finally) that leave the method under a condition that is not a guard, or that the first run takes. A return
        /// under no condition at all within the statement is left alone: what follows is then unreachable, or reached by a
        /// loop's break, which says nothing about a skipped release.
        /// </summary>
        private IEnumerable<ReleaseCondition> SkippingExits(IOperation statement, ISymbol? member)
        {
            foreach (var exit in Exits(statement))
            {
                IOperation? reported = null;
                string? text = null;
                var conditioned = false;
                var child = exit;
                for (var parent = exit.Parent; parent is not null; child = parent, parent = parent.Parent)
                {
                    if (parent is IConditionalOperation conditional && !ReferenceEquals(conditional.Condition, child))
                    {
                        conditioned = true;
                        var whenFalse = ReferenceEquals(conditional.WhenFalse, child);
                        if (reported is null && (!IsGuard(conditional.Condition, member) || FirstRunTakes(conditional, whenFalse)))
                        {
                            reported = conditional;
                            text = whenFalse ? Describe(conditional.Condition) : "!(" + Describe(conditional.Condition) + ")";
                        }
                    }
                    else if (parent is ISwitchCaseOperation && SwitchValue(parent.Parent) is { } value)
                    {
                        conditioned = true;
                        if (reported is null && !IsGuardValue(value, member) && !IsNullCheckOf(value, member))
                        {
                            reported = parent.Parent!;
                            text = "!(" + Describe(value) + " matches a case)";
                        }
                    }

                    if (ReferenceEquals(parent, statement))
                    {
                        break;
                    }
                }

                if (conditioned && reported is not null)
                {
                    yield return new ReleaseCondition(text!, reported, earlyExit: true, exit);
                }
            }
        }

        /// <summary>The return and throw statements of <paramref name="statement"/> that leave its method.</summary>
        private static IEnumerable<IOperation> Exits(IOperation statement)
        {
            var pending = new Stack<IOperation>();
            pending.Push(statement);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                switch (current)
                {
                    case IReturnOperation { Kind: OperationKind.Return }:
                    case IThrowOperation { Parent: IExpressionStatementOperation }:
                        yield return current;
                        continue;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation or ICatchClauseOperation:
                        continue;
                    case ITryOperation tryOperation:
                        // A catch runs on an exception and a finally on every path: neither is an early exit of the path that releases.
                        pending.Push(tryOperation.Body);
                        continue;
                }

                foreach (var next in current.ChildOperations.Reverse())
                {
                    pending.Push(next);
                }
            }
        }

        private static string Describe(IOperation condition)
        {
            var text = condition.Syntax.ToString();
            return text.Length > 80 ? text.Substring(0, 77) + "..." : text;
        }

        private bool IsGuard(IOperation condition, ISymbol? member)
        {
            condition = Unwrap(condition);
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return IsGuard(not.Operand, member);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.And or BinaryOperatorKind.Or } logical
                    when logical.Type?.SpecialType == SpecialType.System_Boolean:
                    return IsGuard(logical.LeftOperand, member) && IsGuard(logical.RightOperand, member);
                case IBinaryOperation comparison:
                    return IsGuardComparison(comparison.LeftOperand, comparison.RightOperand, comparison.OperatorKind, valueOnLeft: true, member)
                        || IsGuardComparison(comparison.RightOperand, comparison.LeftOperand, comparison.OperatorKind, valueOnLeft: false, member);
                case IIsPatternOperation pattern:
                    return IsGuardValue(pattern.Value, member) || IsNullCheckOf(pattern.Value, member);
                default:
                    return condition.Type?.SpecialType == SpecialType.System_Boolean && IsGuardValue(condition, member);
            }
        }

        private bool IsGuardComparison(IOperation value, IOperation other, BinaryOperatorKind kind, bool valueOnLeft, ISymbol? member)
        {
            value = Unwrap(value);
            other = Unwrap(other);
            if (IsNullLike(other) && IsNullCheckOf(value, member))
            {
                return true;
            }

            // `Interlocked.Exchange(ref _disposed, 1) == 0`, or a local set from it: whoever wins the exchange releases.
            if (IsExchangeResult(value))
            {
                return true;
            }

            // A reference count reaching zero: the last Dispose releases, which is the point of counting.
            if (IsZero(other) && ReachesZero(kind, valueOnLeft) && IsDecrement(value))
            {
                return true;
            }

            if (value.Type is { } valueType && (valueType.SpecialType == SpecialType.System_Boolean || valueType.TypeKind == TypeKind.Enum))
            {
                return IsGuardValue(value, member) && (IsGuardValue(other, member) || other.ConstantValue.HasValue);
            }

            // An int disposed/state flag compared with a constant: `if (_disposed != 0) return;`.
            if (other.ConstantValue.HasValue && scope.MemberOf(value) is { } flag && IsFlagName(flag.Name))
            {
                return true;
            }

            return false;
        }

        /// <summary>
        /// A bool or enum value, whoever holds it: `disposing`, `_disposed`, `IsDisposing`, `_state`, `_options.OwnsGate`,
        /// a constant, or a local set from Interlocked.Exchange / CompareExchange. Results of other calls are not guards.
        /// </summary>
        private bool IsGuardValue(IOperation value, ISymbol? member)
        {
            value = Unwrap(value);
            if (value.Type is not { } valueType || !(valueType.SpecialType == SpecialType.System_Boolean || valueType.TypeKind == TypeKind.Enum))
            {
                return false;
            }

            switch (value)
            {
                case ILocalReferenceOperation or IParameterReferenceOperation or ILiteralOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                    return value is not IPropertyReferenceOperation { Property.IsIndexer: true };
                case IInvocationOperation invocation:
                    return IsExchangeResult(invocation) || MatchesCreationPlatform(invocation, member);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return IsGuardValue(not.Operand, member);
                default:
                    return value.ConstantValue.HasValue;
            }
        }

        /// <summary>
        /// A lock created under a platform check exists only there, and the release under the same check (which SPEC asks
        /// the fix to write) runs on every path that has one; a release under another platform check than the creation's
        /// (or under one when the creation had none) skips the platforms where the lock exists.
        /// </summary>
        private bool MatchesCreationPlatform(IInvocationOperation invocation, ISymbol? member)
        {
            if (!IsPlatformCheck(invocation))
            {
                return false;
            }

            // Without the lock's creation at hand (a helper's call site), any platform check is taken as a guard: precision first.
            if (member is null || owned is null || !owned.TryGetValue(member, out var lockInfo))
            {
                return true;
            }

            return PlatformOf(lockInfo.Creation) is { } created && SymbolEqualityComparer.Default.Equals(created.Check.TargetMethod, invocation.TargetMethod)
                && ArgumentText(created.Check) == ArgumentText(invocation);
        }

        private static string ArgumentText(IInvocationOperation check) => check.Arguments.Length == 0 ? string.Empty : check.Arguments[0].Value.Syntax.ToString();

        /// <summary>The platform check a creation sits under (`if (OperatingSystem.IsWindows())`, or in its else), if any.</summary>
        public static (IInvocationOperation Check, bool Else)? PlatformOf(IOperation creation)
        {
            var child = creation;
            for (var parent = creation.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                if (parent is IConditionalOperation conditional && !ReferenceEquals(conditional.Condition, child))
                {
                    var negated = false;
                    var condition = Unwrap(conditional.Condition);
                    while (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
                    {
                        negated = !negated;
                        condition = Unwrap(not.Operand);
                    }

                    if (condition is IInvocationOperation check && IsPlatformCheck(check))
                    {
                        return (check, negated != ReferenceEquals(conditional.WhenFalse, child));
                    }
                }
            }

            return null;
        }

        /// <summary>`OperatingSystem.IsWindows()`, `RuntimeInformation.IsOSPlatform(…)`.</summary>
        private static bool IsPlatformCheck(IInvocationOperation invocation) =>
            invocation.TargetMethod is { IsStatic: true, ContainingType: { } type } method
            && ((type.Name == "OperatingSystem" && type.ContainingNamespace?.ToDisplayString() == "System" && method.Name.StartsWith("Is", StringComparison.Ordinal))
                || (type.Name == "RuntimeInformation" && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.InteropServices" && method.Name == "IsOSPlatform"));

        private bool IsInterlocked(IInvocationOperation invocation, string name) =>
            invocation.TargetMethod.Name == name && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, catalog.Interlocked);

        /// <summary>Interlocked.Exchange / CompareExchange, called here or stored in a local that is then tested.</summary>
        private bool IsExchangeResult(IOperation value, int depth = 0)
        {
            value = Unwrap(value);
            return value switch
            {
                IInvocationOperation invocation => IsInterlocked(invocation, "Exchange") || IsInterlocked(invocation, "CompareExchange"),
                ILocalReferenceOperation local when depth < MaxDepth => LocalValues(local.Local, RootOf(value)).Any(v => IsExchangeResult(v, depth + 1)),
                _ => false,
            };
        }

        /// <summary>`Interlocked.Decrement(ref _refs)`, `--_refs`, or a local set from either.</summary>
        private bool IsDecrement(IOperation value, int depth = 0)
        {
            value = Unwrap(value);
            return value switch
            {
                IInvocationOperation invocation => IsInterlocked(invocation, "Decrement"),
                IIncrementOrDecrementOperation { Kind: OperationKind.Decrement, IsPostfix: false } => true,
                ILocalReferenceOperation local when depth < MaxDepth => LocalValues(local.Local, RootOf(value)).Any(v => IsDecrement(v, depth + 1)),
                _ => false,
            };
        }

        private static bool IsZero(IOperation operation) => operation.ConstantValue is { HasValue: true, Value: 0 or 0L or 0U or 0UL };

        /// <summary>`count == 0`, `count <= 0`, `count < 0` (or `0 == count`, `0 >= count`, `0 > count`): the count has reached zero.</summary>
        private static bool ReachesZero(BinaryOperatorKind kind, bool valueOnLeft) => kind switch
        {
            BinaryOperatorKind.Equals => true,
            BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.LessThan => valueOnLeft,
            BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.GreaterThan => !valueOnLeft,
            _ => false,
        };

        /// <summary>The null check of the released member, made on the member itself or on its value: a local copy, a pattern variable bound to it.</summary>
        private bool IsNullCheckOf(IOperation value, ISymbol? member)
        {
            if (member is null)
            {
                return false;
            }

            value = Unwrap(value);
            var checkedMember = value.Kind == OperationKind.LocalReference ? scope.MemberOf(origins.Of(value).Source) : scope.MemberOf(value);

            // `if (_events[i] != IntPtr.Zero)`: the element of a handle collection is checked before it is closed.
            var element = value switch
            {
                IArrayElementReferenceOperation array => array.ArrayReference,
                IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } list } => list,
                _ => null,
            };
            return SymbolEqualityComparer.Default.Equals(scope.MemberOf(value), member)
                || SymbolEqualityComparer.Default.Equals(checkedMember, member)
                || (checkedMember is not null && IsBlockOf(checkedMember, member))
                || (element is not null && owned is not null && owned.TryGetValue(member, out var collection) && collection.IsCollection
                    && SymbolEqualityComparer.Default.Equals(scope.MemberOf(element), member));
        }

        /// <summary>
        /// The lock of <paramref name="member"/> lives in the block <paramref name="block"/> points to (`_cond = _mutex + 64`):
        /// while the block is there, so is the lock, so the block's check is the lock's.
        /// </summary>
        private bool IsBlockOf(ISymbol block, ISymbol member) =>
            owned is not null && owned.TryGetValue(member, out var lockInfo)
            && lockInfo.InMember.Any(l => SymbolEqualityComparer.Default.Equals(l.Block, block));

        /// <summary>
        /// Whether the first run of the path takes the branch of <paramref name="exit"/> an early return sits in:
        /// `if (Interlocked.CompareExchange(ref _done, 1, 0) == 0) return …;` holds on the first call (the exchange still
        /// finds the comparand, or the default for Exchange), so a release after it runs only on later calls (SPEC: LCK005
        /// reports a release that only a path's later runs reach).
        /// </summary>
        private bool FirstRunTakes(IConditionalOperation exit, bool whenFalse)
        {
            if (Unwrap(exit.Condition) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison)
            {
                return false;
            }

            var (exchange, constant) = Unwrap(comparison.LeftOperand) is IInvocationOperation left ? (left, comparison.RightOperand) : (Unwrap(comparison.RightOperand) as IInvocationOperation, comparison.LeftOperand);
            if (exchange is null || !constant.ConstantValue.HasValue)
            {
                return false;
            }

            object? firstResult;
            if (IsInterlocked(exchange, "CompareExchange") && exchange.Arguments.Length == 3 && exchange.Arguments[2].Value.ConstantValue is { HasValue: true } comparand)
            {
                firstResult = comparand.Value;
            }
            else if (IsInterlocked(exchange, "Exchange"))
            {
                firstResult = 0;
            }
            else
            {
                return false;
            }

            // Only integer flags: a reference exchanged against a constant says nothing about which run it is.
            if (firstResult is not (int or long) || constant.ConstantValue.Value is not (int or long))
            {
                return false;
            }

            var holdsFirst = System.Convert.ToInt64(firstResult, System.Globalization.CultureInfo.InvariantCulture) == System.Convert.ToInt64(constant.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture)
                == (comparison.OperatorKind == BinaryOperatorKind.Equals);
            return holdsFirst != whenFalse;
        }

        internal static bool IsNullLike(IOperation operation)
        {
            operation = Unwrap(operation);
            if (operation is IDefaultValueOperation)
            {
                return true;
            }

            if (operation.ConstantValue.HasValue)
            {
                return operation.ConstantValue.Value is null or 0 or 0L or 0U or 0UL;
            }

            // IntPtr.Zero, nint.Zero.
            return operation is IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } };
        }

        private static bool IsFlagName(string name)
        {
            var lower = name.ToLowerInvariant();
            return lower.Contains("dispos") || lower.Contains("closed") || lower.Contains("state") || lower.Contains("released");
        }
    }
}
