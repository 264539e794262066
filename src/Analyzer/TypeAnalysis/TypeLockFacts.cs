using System.Collections.Immutable;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
{
    /// <summary>What LockLeak learned about one type; computed once per type and shared by all rules.</summary>
    internal sealed class TypeLockFacts
    {
        public TypeLockFacts(ImmutableArray<OwnedLock> locks, IMethodSymbol? otherReleasePath, bool hasReleaseRoot, bool isDisposable, LockLeakOptions options)
        {
            Locks = locks;
            OtherReleasePath = otherReleasePath;
            HasReleaseRoot = hasReleaseRoot;
            IsDisposable = isDisposable;
            Options = options;
        }

        public ImmutableArray<OwnedLock> Locks { get; }

        /// <summary>
        /// A release path the type declares in source, for a type whose only one is a configured release method; where a
        /// release goes is otherwise <see cref="DisposeShape"/>'s decision, not this.
        /// </summary>
        public IMethodSymbol? OtherReleasePath { get; }

        /// <summary>The type declares Dispose, DisposeAsync, a finalizer or a configured release method.</summary>
        public bool HasReleaseRoot { get; }

        /// <summary>The type implements IDisposable or IAsyncDisposable, itself or through a base type.</summary>
        public bool IsDisposable { get; }

        public LockLeakOptions Options { get; }
    }
}
