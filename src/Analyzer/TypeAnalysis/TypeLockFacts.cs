using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockLeak
{
    /// <summary>What LockLeak learned about one type; computed once per type and shared by all rules.</summary>
    internal sealed class TypeLockFacts
    {
        public TypeLockFacts(ImmutableArray<OwnedLock> locks, IMethodSymbol? releaseTarget, bool hasReleaseRoot, bool isDisposable, LockLeakOptions options)
        {
            Locks = locks;
            ReleaseTarget = releaseTarget;
            HasReleaseRoot = hasReleaseRoot;
            IsDisposable = isDisposable;
            Options = options;
        }

        public ImmutableArray<OwnedLock> Locks { get; }

        /// <summary>The method a fix edits: Dispose(bool), Dispose(), DisposeAsyncCore, DisposeAsync or the finalizer.</summary>
        public IMethodSymbol? ReleaseTarget { get; }

        /// <summary>The type declares Dispose, DisposeAsync, a finalizer or a configured release method.</summary>
        public bool HasReleaseRoot { get; }

        /// <summary>The type implements IDisposable or IAsyncDisposable, itself or through a base type.</summary>
        public bool IsDisposable { get; }

        public LockLeakOptions Options { get; }
    }
}
