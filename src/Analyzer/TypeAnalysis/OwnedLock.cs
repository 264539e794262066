using System.Collections.Generic;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
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

        /// <summary>"_state.Gate" when a native lock lives in a field of a struct-typed member; null when it is the member itself.</summary>
        public string? StoragePath { get; set; }

        /// <summary>How messages and fixes name where the primitive lives: the member, or the path into it.</summary>
        public string Name => StoragePath ?? Member.Name;

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

        /// <summary>A slim primitive (or a wrapper of only such) whose wait handle nobody can reach: LCK006's, not LCK001/LCK002's.</summary>
        public bool HoldsNoHandle { get; set; }

        public bool NativeDeleted { get; set; }

        public bool MemoryFreed { get; set; }

        /// <summary>Every free of the lock's memory the disposal paths make, in path order, each once (a helper several paths call is one).</summary>
        public List<TeardownStep> Frees { get; } = new List<TeardownStep>();

        /// <summary>Every counted native delete the disposal paths make, in path order, each once.</summary>
        public List<TeardownStep> Deletes { get; } = new List<TeardownStep>();

        /// <summary>Every reset of the storage the disposal paths make, in path order, each once.</summary>
        public List<TeardownStep> Resets { get; } = new List<TeardownStep>();

        /// <summary>
        /// The member whose allocated block this lock's storage points into (`_cond = _mutex + 64`): the free of that block
        /// frees this lock's memory too, so its delete must come before it.
        /// </summary>
        public ISymbol? Block { get; set; }

        /// <summary>Why a release the type writes does not count, for the first such release.</summary>
        public LateRelease Late { get; set; }

        /// <summary>The release that does not count.</summary>
        public IOperation? LateAt { get; set; }

        /// <summary>For a release after a reset: the reset it comes after.</summary>
        public IOperation? LateReset { get; set; }

        /// <summary>Every release that does not count, each once (<see cref="LateAt"/> is the first): the fix moves them all.</summary>
        public List<TeardownStep> Lates { get; } = new List<TeardownStep>();

        /// <summary>Every release found on a release path, with the condition that guards it when that condition is not a guard idiom.</summary>
        public List<ReleaseSite> Releases { get; } = new List<ReleaseSite>();

        /// <summary>The type's own method whose job is to release this lock, which a new Dispose may call (<see cref="ReusableTeardown"/>); null when none.</summary>
        public IMethodSymbol? Teardown { get; set; }

        public bool IsNative => Kind is LockKind.NativeInPlace or LockKind.NativeHandle;

        /// <summary>
        /// Other native locks in the same member: at another offset of the block it points to (`_block + 64`,
        /// `&amp;_pair->Cond`), or created into it on another platform branch (`CreateMutexW` here, `pthread_mutex_init`
        /// there). Each needs its own release, and each is reported on its own.
        /// </summary>
        public List<OwnedLock>? Siblings { get; private set; }

        /// <summary>This lock and its <see cref="Siblings"/>.</summary>
        public IEnumerable<OwnedLock> InMember
        {
            get
            {
                yield return this;
                if (Siblings is not null)
                {
                    foreach (var sibling in Siblings)
                    {
                        yield return sibling;
                    }
                }
            }
        }

        /// <summary>Adds another native lock of the member, unless one with the same release at the same place is known.</summary>
        public void AddSibling(OwnedLock other)
        {
            if (Matching(other.Native?.ReleaseEntryPoint, other.StoragePath) is null)
            {
                (Siblings ??= new List<OwnedLock>()).Add(other);
            }
        }

        /// <summary>The native lock of the member that a release with this entry point, at this place, deletes; null when none.</summary>
        public OwnedLock? Matching(string? releaseEntryPoint, string? storagePath)
        {
            OwnedLock? only = null;
            var count = 0;
            foreach (var candidate in InMember)
            {
                if (!candidate.IsNative || candidate.Native?.ReleaseEntryPoint != releaseEntryPoint)
                {
                    continue;
                }

                if (candidate.StoragePath == storagePath)
                {
                    return candidate;
                }

                only = candidate;
                count++;
            }

            // A release through a local copy of the member names no place in it: it deletes the one lock it can.
            return storagePath is null && count == 1 ? only : null;
        }
    }
}
