using System.Collections.Generic;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.Infrastructure.OperationShapes;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// Which of a type's owned locks hold no OS handle (LCK006, and what lockleak.slim_needs_wait_handle silences):
    /// a SemaphoreSlim, ManualResetEventSlim, CountdownEvent or Barrier, or a wrapper that holds only those, whose wait
    /// handle the owner (for a wrapper: the wrapper) never reads and that no non-private member hands out. Such a
    /// primitive allocates its handle only when the wait handle is asked for, so its Dispose frees nothing.
    /// </summary>
    internal static class HandleFreeLocks
    {
        public static void Mark(OwnerScope scope, IEnumerable<OwnedLock> locks)
        {
            List<OwnedLock>? candidates = null;
            foreach (var lockInfo in locks)
            {
                if (!lockInfo.Escaped && IsCandidate(scope, lockInfo))
                {
                    (candidates ??= new List<OwnedLock>()).Add(lockInfo);
                }
            }

            if (candidates is null)
            {
                return;
            }

            var (handled, unattributed) = MembersWhoseHandleEscapes(scope);
            foreach (var lockInfo in candidates)
            {
                lockInfo.HoldsNoHandle = !handled.Contains(lockInfo.Member)
                    && !(unattributed && lockInfo.Kind == LockKind.Managed)
                    && !IsNonPrivate(lockInfo.Member);
            }
        }

        private static bool IsCandidate(OwnerScope scope, OwnedLock lockInfo)
        {
            var catalog = scope.Catalog;
            var memberType = MemberType(lockInfo.Member);
            if (lockInfo.IsCollection)
            {
                // The member is an array or collection: its elements decide.
                memberType = catalog.LockElementType(memberType, scope.Additional);
            }

            var created = lockInfo.IsCollection ? memberType : lockInfo.Creation.Type ?? memberType;
            switch (lockInfo.Kind)
            {
                case LockKind.Managed:
                    // `IDisposable _gate = new SemaphoreSlim(1)` is as handle-free as a SemaphoreSlim field; a member typed
                    // as another primitive (WaitHandle) is not.
                    return catalog.IsSlim(created)
                        && (memberType is null || catalog.IsSlim(memberType) || !catalog.IsManagedPrimitive(memberType, scope.Additional));
                case LockKind.Wrapper:
                    return created is INamedTypeSymbol wrapper && IsHandleFreeWrapper(catalog, wrapper, scope);
                default:
                    return false;
            }
        }

        /// <summary>
        /// The owner's members whose wait handle its code reads, or that a non-private method or property returns; and
        /// whether some wait handle read could not be tied to a member (through a local or an element), which counts for
        /// every slim member, since it may be any of them.
        /// </summary>
        private static (HashSet<ISymbol> Members, bool Unattributed) MembersWhoseHandleEscapes(OwnerScope scope)
        {
            var members = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var unattributed = false;
            foreach (var block in scope.Blocks)
            {
                var exposing = IsNonPrivate(block.Key) || block.Key is IMethodSymbol { AssociatedSymbol: { } associated } && IsNonPrivate(associated);
                foreach (var root in block.Value)
                {
                    foreach (var operation in root.DescendantsAndSelf())
                    {
                        switch (operation)
                        {
                            case IPropertyReferenceOperation { Property.Name: "AvailableWaitHandle" or "WaitHandle", Instance: { } instance } read
                                when scope.Catalog.IsSlim(read.Property.ContainingType):
                                if (scope.MemberOf(Unwrap(instance)) is { } member)
                                {
                                    members.Add(member);
                                }
                                else
                                {
                                    unattributed = true;
                                }

                                break;
                            case IReturnOperation { ReturnedValue: { } returned } when exposing && scope.MemberOf(Unwrap(returned)) is { } exposed:
                                members.Add(exposed);
                                break;
                        }
                    }
                }
            }

            return (members, unattributed);
        }

        /// <summary>
        /// A wrapper of this compilation whose own lock members are all slim primitives, none of them handed out by a
        /// non-private member, and whose code never names a wait handle (read by syntax: the wrapper's trees are not this
        /// type's, and a wrapper that merely mentions one is taken to read it).
        /// </summary>
        private static bool IsHandleFreeWrapper(LockCatalog catalog, INamedTypeSymbol wrapper, OwnerScope scope)
        {
            var holdsSlim = false;
            foreach (var member in wrapper.GetMembers())
            {
                switch (member)
                {
                    case IFieldSymbol { IsStatic: false, IsConst: false } field:
                        var type = field.Type;
                        var primitive = catalog.IsManagedPrimitive(type, scope.Additional) ? type : catalog.LockElementType(type, scope.Additional);
                        if (primitive is not null)
                        {
                            if (!catalog.IsSlim(primitive) || IsNonPrivate((ISymbol?)field.AssociatedSymbol ?? field))
                            {
                                return false;
                            }

                            holdsSlim = true;
                        }
                        else if (LockCatalog.IsNativeStorage(type) || catalog.IsSafeHandle(type) || catalog.GetWrapper(type as INamedTypeSymbol, scope.Additional) is not null)
                        {
                            // Anything that may hold a native lock or another wrapper holds more than slim primitives.
                            return false;
                        }

                        break;
                    case IPropertySymbol { IsStatic: false } property when IsNonPrivate(property) && catalog.IsSlim(property.Type):
                        return false;
                    case IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method when IsNonPrivate(method) && catalog.IsSlim(method.ReturnType):
                        return false;
                }
            }

            return holdsSlim && !NamesWaitHandle(wrapper);
        }

        private static bool NamesWaitHandle(INamedTypeSymbol wrapper)
        {
            foreach (var reference in wrapper.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is SimpleNameSyntax { Identifier.ValueText: "AvailableWaitHandle" or "WaitHandle" })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Reachable from outside the type: anything but private, an explicit interface implementation included.</summary>
        private static bool IsNonPrivate(ISymbol symbol) =>
            symbol.DeclaredAccessibility is not (Accessibility.Private or Accessibility.NotApplicable)
            || symbol is IMethodSymbol { ExplicitInterfaceImplementations.Length: > 0 }
            || symbol is IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 };
    }
}
