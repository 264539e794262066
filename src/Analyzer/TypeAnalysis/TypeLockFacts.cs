using System.Collections.Immutable;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
{
    /// <summary>What LockLeak learned about one type; computed once per type and shared by all rules.</summary>
    internal sealed class TypeLockFacts
    {
        public TypeLockFacts(ImmutableArray<OwnedLock> locks, DisposalModel disposal, IMethodSymbol? otherReleasePath, bool hasReleaseRoot, bool isDisposable, LockLeakOptions options)
        {
            Disposal = disposal;
            Locks = locks;
            OtherReleasePath = otherReleasePath;
            HasReleaseRoot = hasReleaseRoot;
            IsDisposable = isDisposable;
            Options = options;
        }

        public ImmutableArray<OwnedLock> Locks { get; }

        /// <summary>The type's one disposal model: its entries, their paths and where a release goes.</summary>
        public DisposalModel Disposal { get; }

        /// <summary>
        /// A release path the type declares in source, for a type whose only one is a configured release method; where a
        /// release goes is otherwise <see cref="DisposalModel"/>'s decision, not this.
        /// </summary>
        public IMethodSymbol? OtherReleasePath { get; }

        /// <summary>The type declares Dispose, DisposeAsync, a finalizer or a configured release method.</summary>
        public bool HasReleaseRoot { get; }

        /// <summary>The type implements IDisposable or IAsyncDisposable, itself or through a base type.</summary>
        public bool IsDisposable { get; }

        public LockLeakOptions Options { get; }
    }
}
