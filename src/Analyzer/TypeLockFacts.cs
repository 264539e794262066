using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockLeak
{
    /// <summary>A lock primitive a type owns: created into one of its instance fields or auto-properties.</summary>
    internal sealed class OwnedLock
    {
        public OwnedLock(ISymbol member, IOperation creation, LockKind kind, string primitiveName, string site, bool isCollection)
        {
            Member = member;
            Creation = creation;
            Kind = kind;
            PrimitiveName = primitiveName;
            Site = site;
            IsCollection = isCollection;
        }

        /// <summary>The field or auto-property that holds the primitive.</summary>
        public ISymbol Member { get; }

        /// <summary>Where the diagnostic goes: the creation, or the native initializing call.</summary>
        public IOperation Creation { get; }

        public LockKind Kind { get; }

        /// <summary>How messages name it: "SemaphoreSlim", "StoreContext (which holds a critical section)".</summary>
        public string PrimitiveName { get; }

        /// <summary>"in its constructor", "in its field initializer", "in 'Init'".</summary>
        public string Site { get; }

        public bool IsCollection { get; }

        public bool MayBeNull { get; set; }

        /// <summary>The native initializer or creator, for native kinds.</summary>
        public NativeFunction? Native { get; set; }

        /// <summary>The name of the P/Invoke the type called to initialize or create the lock.</summary>
        public IMethodSymbol? NativeMethod { get; set; }

        /// <summary>"ref", "value" or "address": how the initializer was handed the member.</summary>
        public string Passing { get; set; } = "value";

        /// <summary>The free that matches memory the type allocated into the member ("Marshal.FreeHGlobal"), if it did.</summary>
        public string? MemoryFree { get; set; }

        /// <summary>The release method the fix calls on a managed primitive or wrapper: Dispose, or DisposeAsync for async-only wrappers.</summary>
        public string ReleaseMethod { get; set; } = "Dispose";

        public bool Escaped { get; set; }

        public bool NativeDeleted { get; set; }

        public bool MemoryFreed { get; set; }

        /// <summary>Every release found on a release path, with the condition that guards it when that condition is not a guard idiom.</summary>
        public List<ReleaseSite> Releases { get; } = new List<ReleaseSite>();

        public bool IsNative => Kind is LockKind.NativeInPlace or LockKind.NativeHandle;
    }

    internal sealed class ReleaseSite
    {
        public ReleaseSite(IOperation operation, ReleaseCondition? condition, IMethodSymbol root)
        {
            Operation = operation;
            Condition = condition;
            Root = root;
        }

        /// <summary>The release call (or using / foreach) that releases the member.</summary>
        public IOperation Operation { get; }

        /// <summary>Null when the release runs on every path of its root; else the condition that skips it.</summary>
        public ReleaseCondition? Condition { get; }

        public IMethodSymbol Root { get; }
    }

    /// <summary>A condition that is not a guard idiom and can skip a release.</summary>
    internal sealed class ReleaseCondition
    {
        public ReleaseCondition(string text, IOperation statement, bool earlyExit)
        {
            Text = text;
            Statement = statement;
            EarlyExit = earlyExit;
        }

        /// <summary>The condition as written (negated for an early exit), for the message.</summary>
        public string Text { get; }

        /// <summary>The if / switch / try statement that holds the condition: the fix moves the release out of it, or before it.</summary>
        public IOperation Statement { get; }

        /// <summary>True when the statement is an early return or throw before the release, not around it.</summary>
        public bool EarlyExit { get; }
    }

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
