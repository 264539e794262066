using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Catalog;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.Infrastructure.OperationShapes;

namespace LockLeak.TypeAnalysis
{
    /// <summary>The type being analysed, what it may hold, and which members count as its own: what every stage starts from.</summary>
    internal sealed class OwnerScope
    {
        private HashSet<ISymbol>? autoProperties;

        public OwnerScope(INamedTypeSymbol type, LockCatalog catalog, LockLeakOptions options, IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> blocks)
        {
            Type = type;
            Catalog = catalog;
            Options = options;
            Additional = catalog.AdditionalTypes(options);
            Blocks = blocks;
        }

        public INamedTypeSymbol Type { get; }

        public LockCatalog Catalog { get; }

        public LockLeakOptions Options { get; }

        /// <summary>The lock types the type's .editorconfig adds, resolved.</summary>
        public ImmutableHashSet<INamedTypeSymbol> Additional { get; }

        /// <summary>The type's operation blocks by owning member: constructors, initializers, methods.</summary>
        public IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> Blocks { get; }

        /// <summary>The inherited `handle` of a SafeHandle subclass, the one inherited field a type owns; null for other types.</summary>
        public IFieldSymbol? SafeHandleField =>
            Catalog.IsSafeHandle(Type) && Catalog.SafeHandle is { } safeHandle ? safeHandle.GetMembers("handle").OfType<IFieldSymbol>().FirstOrDefault() : null;

        public bool IsOwnMethod(IMethodSymbol method) =>
            SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, Type.OriginalDefinition);

        public bool IsOwnInstanceMember(ISymbol member)
        {
            if (member.IsStatic || !SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, Type.OriginalDefinition))
            {
                // SafeHandle.handle is the one inherited field a type owns: its ReleaseHandle releases it.
                return member is IFieldSymbol { Name: "handle", IsStatic: false } inherited && Catalog.IsSafeHandle(inherited.ContainingType);
            }

            return member switch
            {
                IFieldSymbol field => !field.IsConst,
                IPropertySymbol property => IsAutoProperty(property),
                _ => false,
            };
        }

        private bool IsAutoProperty(IPropertySymbol property)
        {
            // Asked for every property reference of the type: the backing fields are gathered once.
            if (autoProperties is null)
            {
                autoProperties = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                foreach (var member in Type.GetMembers())
                {
                    if (member is IFieldSymbol { AssociatedSymbol: IPropertySymbol associated })
                    {
                        autoProperties.Add(associated);
                    }
                }
            }

            return autoProperties.Contains(property);
        }

        /// <summary>The instance field or auto-property of this type that an operation reads or writes through `this`.</summary>
        public ISymbol? MemberOf(IOperation? operation)
        {
            // Asked of every operation of the type: the kind decides before any interface type test.
            switch (operation?.Kind)
            {
                case OperationKind.FieldReference when operation is IFieldReferenceOperation field && !field.Field.IsStatic && IsThis(field.Instance):
                    var fieldSymbol = field.Field.OriginalDefinition;
                    return IsOwnInstanceMember(fieldSymbol) ? (ISymbol)(fieldSymbol.AssociatedSymbol as IPropertySymbol ?? (ISymbol)fieldSymbol) : null;
                case OperationKind.PropertyReference when operation is IPropertyReferenceOperation property && !property.Property.IsStatic && !property.Property.IsIndexer && IsThis(property.Instance):
                    var propertySymbol = property.Property.OriginalDefinition;
                    return IsOwnInstanceMember(propertySymbol) ? propertySymbol : null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The own dictionary member (of locks built by `ToDictionary(k => k, _ => new ReaderWriterLockSlim())`) whose value
        /// a release reaches: an element of `_locks.Values` (<paramref name="viaElement"/>), or `pair.Value` of a foreach
        /// over `_locks`; null for anything else.
        /// </summary>
        public ISymbol? ValuesOf(IOperation? operation, bool viaElement)
        {
            if (operation is not IPropertyReferenceOperation { Property.IsStatic: false, Instance: { } instance } property)
            {
                return null;
            }

            instance = Unwrap(instance);
            if (property.Property.Name == "Value" && instance is ILocalReferenceOperation pair && ForEachOver(pair.Local, instance) is { } loop)
            {
                instance = Unwrap(loop);
            }
            else if (!(viaElement && property.Property.Name == "Values"))
            {
                return null;
            }

            return MemberOf(instance) is { } member && MemberType(member) is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 2 } ? member : null;
        }

        public (ISymbol? Member, string Passing) NativeArgumentMember(IOperation argument)
        {
            var storage = NativeStorage(argument);
            return (storage.Member, storage.Passing);
        }

        /// <summary>
        /// Where a native lock handed to an initializer or a release lives (SPEC's storage list): the member itself (its
        /// pointer or IntPtr, or an inline struct by ref), a field of a struct-typed member (`ref _state.Gate`, path
        /// "_state.Gate"), or a fixed-size buffer reached through a pointer pinned by `fixed (byte* p = _cs)` (passing "pinned").
        /// </summary>
        public NativeStorageSite NativeStorage(IOperation argument)
        {
            // The parameter says how the member was passed; a pointer or IntPtr field is a value even though its type is a struct.
            var refKind = (argument.Parent as IArgumentOperation)?.Parameter?.RefKind;
            argument = Unwrap(argument);
            var passing = "value";
            if (argument is IAddressOfOperation addressOf)
            {
                argument = Unwrap(addressOf.Reference);
                passing = "address";
            }

            var (member, path) = StorageMember(argument, 0);
            if (member is null && OffsetInto(argument) is ({ } offset, var place))
            {
                return new NativeStorageSite(offset, "value", place);
            }

            if (member is null && passing == "address" && PointedFieldOf(argument) is { } pointer)
            {
                return new NativeStorageSite(pointer, "value", Spelling(argument));
            }

            if (member is null && argument is ILocalReferenceOperation local && PinnedValue(local) is { } pinned)
            {
                (member, path) = StorageMember(pinned, 0);
                return new NativeStorageSite(member, member is null ? passing : "pinned", path);
            }

            if (member is null)
            {
                return new NativeStorageSite(null, passing, null);
            }

            if (passing == "value" && (refKind is RefKind.Ref or RefKind.In or RefKind.Out
                || (refKind is null && argument.Type is { IsValueType: true, TypeKind: not (TypeKind.Pointer or TypeKind.FunctionPointer) } valueType
                    && valueType.SpecialType is not (SpecialType.System_IntPtr or SpecialType.System_UIntPtr))))
            {
                passing = "ref";
            }

            return new NativeStorageSite(member, passing, path);
        }

        /// <summary>The member whose block <paramref name="value"/> points into at an offset (`_mutex + 64`), or null.</summary>
        public ISymbol? BlockOf(IOperation value) => OffsetInto(Unwrap(value)).Member;

        /// <summary>
        /// A place at an offset into the block a pointer or IntPtr member points to: `_block + 64`, `IntPtr.Add(_block, 64)`,
        /// `_block + CondOffset`. The lock there lives in the member's memory, beside any other lock in it.
        /// </summary>
        private (ISymbol? Member, string? Place) OffsetInto(IOperation operation)
        {
            var (basis, offset, sign) = operation switch
            {
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } binary =>
                    (binary.LeftOperand, binary.RightOperand, binary.OperatorKind == BinaryOperatorKind.Add ? " + " : " - "),
                IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Add" or "Subtract" } method, Arguments.Length: 2 } call
                    when method.ContainingType.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr =>
                    (call.Arguments[0].Value, call.Arguments[1].Value, method.Name == "Add" ? " + " : " - "),
                _ => ((IOperation?)null, (IOperation?)null, string.Empty),
            };
            if (basis is null || offset is null || MemberOf(Unwrap(basis)) is not { } member || MemberType(member) is not { } type
                || !(type is IPointerTypeSymbol || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr))
            {
                return (null, null);
            }

            // Named the same whichever way the offset is written, so the release at `_block + 64` finds the lock of `IntPtr.Add(_block, 64)`.
            return (member, member.Name + sign + Spelling(Unwrap(offset)));
        }

        /// <summary>`&amp;_pair->Cond`: a field of the struct a pointer member points to, whose memory the type allocated.</summary>
        private ISymbol? PointedFieldOf(IOperation operation)
        {
            if (operation is not IFieldReferenceOperation { Instance: { } instance })
            {
                return null;
            }

            // The compiler exposes the dereference `_pair->` as an operation of no public kind around the pointer.
            instance = Unwrap(instance);
            while (instance.Kind == OperationKind.None && instance.ChildOperations.Count == 1)
            {
                instance = Unwrap(instance.ChildOperations.First());
            }

            return MemberOf(instance) is { } member && MemberType(member) is IPointerTypeSymbol ? member : null;
        }

        /// <summary>How a place inside a member is named in messages and matched between creation and release: its source, without spaces.</summary>
        private static string Spelling(IOperation operation) =>
            new string(operation.Syntax.ToString().Where(c => !char.IsWhiteSpace(c)).ToArray());

        /// <summary>The own member an operation denotes, directly or as a field of a struct-typed member, with its path.</summary>
        private (ISymbol? Member, string? Path) StorageMember(IOperation operation, int depth)
        {
            operation = Unwrap(operation);
            if (MemberOf(operation) is { } member)
            {
                return (member, null);
            }

            // `_state.Gate`: the struct is stored inline in `_state`, so the lock lives as long as the type's instance.
            if (depth < MaxDepth && operation is IFieldReferenceOperation { Field.IsStatic: false, Instance: { Type.IsValueType: true } instance } field)
            {
                var (outer, outerPath) = StorageMember(instance, depth + 1);
                if (outer is not null)
                {
                    return (outer, (outerPath ?? outer.Name) + "." + field.Field.Name);
                }
            }

            return (null, null);
        }

        /// <summary>What a pointer local declared by `fixed (byte* p = ...)` pins; null for any other local.</summary>
        private static IOperation? PinnedValue(ILocalReferenceOperation local)
        {
            if (!local.Local.IsFixed)
            {
                return null;
            }

            foreach (var value in LocalValues(local.Local, RootOf(local)))
            {
                // The compiler exposes the pinning conversion of a fixed-size buffer as an operation of no public kind around the field.
                var pinned = Unwrap(value);
                while (pinned.Kind == OperationKind.None && pinned.ChildOperations.Count == 1)
                {
                    pinned = Unwrap(pinned.ChildOperations.First());
                }

                return pinned is IAddressOfOperation address ? address.Reference : pinned;
            }

            return null;
        }
    }
}
