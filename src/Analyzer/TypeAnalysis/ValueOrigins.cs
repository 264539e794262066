using System.Linq;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.Infrastructure.OperationShapes;

namespace LockLeak.TypeAnalysis
{
    /// <summary>Where a value came from: the operation that reads it at its source (a member or a parameter), and how it got here.</summary>
    internal readonly struct ValueOrigin
    {
        public ValueOrigin(IOperation? source, bool viaElement, bool direct)
        {
            Source = source;
            ViaElement = viaElement;
            Direct = direct;
        }

        /// <summary>The read of a field, property or parameter the value was taken from; null when it cannot be followed.</summary>
        public IOperation? Source { get; }

        /// <summary>The value is an element of the source (a foreach variable, an indexer, an array element).</summary>
        public bool ViaElement { get; }

        /// <summary>The value is read from the source right here, not through a local, a pattern variable or an exchange.</summary>
        public bool Direct { get; }

        public IParameterSymbol? Parameter => (Source as IParameterReferenceOperation)?.Parameter;
    }

    /// <summary>
    /// Follows a value back to where it was read (SPEC: "guards and releases are judged on values"): through `?.`, casts,
    /// Interlocked.Exchange(ref x, …), locals that copy it, pattern variables bound to it (`is { } g`, `is IDisposable d`,
    /// a `switch` arm), foreach variables and elements. One definition, asked by the release finder and by LCK005's guards.
    /// </summary>
    internal sealed class ValueOrigins
    {
        private readonly LockCatalog catalog;

        public ValueOrigins(LockCatalog catalog)
        {
            this.catalog = catalog;
        }

        public ValueOrigin Of(IOperation value)
        {
            var viaElement = false;
            var direct = true;
            for (var depth = 0; depth < MaxDepth * 2; depth++)
            {
                value = Unwrap(value);
                switch (value)
                {
                    case IConditionalAccessInstanceOperation:
                        if (FindConditionalAccess(value) is not { } access)
                        {
                            return default;
                        }

                        value = access.Operation;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "Exchange" or "CompareExchange" } exchange
                        when SymbolEqualityComparer.Default.Equals(exchange.TargetMethod.ContainingType, catalog.Interlocked) && exchange.Arguments.Length > 0:
                        direct = false;
                        value = exchange.Arguments[0].Value;
                        continue;
                    case IArrayElementReferenceOperation element:
                        viaElement = true;
                        value = element.ArrayReference;
                        continue;
                    case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed }:
                        viaElement = true;
                        value = indexed;
                        continue;
                    case ILocalReferenceOperation local:
                        direct = false;
                        if (ForEachOver(local.Local, value) is { } loopCollection)
                        {
                            viaElement = true;
                            value = loopCollection;
                            continue;
                        }

                        var root = RootOf(value);
                        if (PatternSource(local.Local, root) is { } matched)
                        {
                            value = matched;
                            continue;
                        }

                        var aliased = LocalValues(local.Local, root).FirstOrDefault(v => Unwrap(v) is IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation or IInvocationOperation or ILocalReferenceOperation);
                        if (aliased is null)
                        {
                            return default;
                        }

                        value = aliased;
                        continue;
                    case IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation:
                        return new ValueOrigin(value, viaElement, direct);
                    default:
                        return default;
                }
            }

            return default;
        }

        /// <summary>The value a pattern variable was bound from: `x is { } g`, `x is IDisposable d`, `case IDisposable d:` of `switch (x)`, an arm of `x switch`.</summary>
        private static IOperation? PatternSource(ILocalSymbol local, IOperation root)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                var declared = operation switch
                {
                    IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                    IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                    _ => null,
                };
                if (declared is null || !SymbolEqualityComparer.Default.Equals(declared, local))
                {
                    continue;
                }

                // Only a pattern applied to the value itself binds it (`not`, `and`, `or` around it included); a nested
                // property pattern binds a property of it.
                var parent = operation.Parent;
                while (parent is INegatedPatternOperation or IBinaryPatternOperation)
                {
                    parent = parent.Parent;
                }

                switch (parent)
                {
                    case IIsPatternOperation isPattern:
                        return isPattern.Value;
                    case IPatternCaseClauseOperation { Parent: ISwitchCaseOperation { Parent: ISwitchOperation switchStatement } }:
                        return switchStatement.Value;
                    case ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression }:
                        return switchExpression.Value;
                    default:
                        return null;
                }
            }

            return null;
        }
    }
}
