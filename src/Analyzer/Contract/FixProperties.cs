using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockLeak
{
    /// <summary>
    /// The keys of <see cref="Diagnostic.Properties"/> through which a rule tells its fix what to release and how,
    /// so the fix does not have to analyse the type again.
    /// </summary>
    public static class FixProperties
    {
        /// <summary>The field or auto-property that holds the primitive.</summary>
        public const string Member = "Member";

        /// <summary>"true" when the member may be null on some path (the fix writes ?.).</summary>
        public const string MayBeNull = "MayBeNull";

        /// <summary>"true" when the member is an array or collection of primitives (the fix writes a foreach).</summary>
        public const string Collection = "Collection";

        /// <summary>Dispose, or DisposeAsync for a wrapper that is only IAsyncDisposable.</summary>
        public const string ReleaseMethod = "ReleaseMethod";

        /// <summary>Managed, Wrapper, NativeInPlace or NativeHandle.</summary>
        public const string Kind = "Kind";

        /// <summary>The native release entry point: DeleteCriticalSection, pthread_mutex_destroy, CloseHandle...</summary>
        public const string NativeRelease = "NativeRelease";

        /// <summary>"true" when the native release has not happened yet (LCK003 may report a missing free only).</summary>
        public const string NeedsNativeRelease = "NeedsNativeRelease";

        /// <summary>How the initializer was passed the member: ref, value or address.</summary>
        public const string Passing = "Passing";

        /// <summary>The free that matches memory the type allocated for the lock, when it is missing: Marshal.FreeHGlobal, NativeMemory.Free.</summary>
        public const string MemoryFree = "MemoryFree";

        /// <summary>The P/Invoke method the type called to initialize or create the lock.</summary>
        public const string NativeInitializer = "NativeInitializer";

        /// <summary>LCK005: "true" when the condition is an early return/throw before the release (the fix moves the release before it), "false" when it surrounds the release (the fix moves it after).</summary>
        public const string EarlyExit = "EarlyExit";

        internal static ImmutableDictionary<string, string?> For(OwnedLock lockInfo)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, string?>();
            builder[Member] = lockInfo.Member.Name;
            builder[MayBeNull] = lockInfo.MayBeNull ? "true" : "false";
            builder[Collection] = lockInfo.IsCollection ? "true" : "false";
            builder[ReleaseMethod] = lockInfo.ReleaseMethod;
            builder[Kind] = lockInfo.Kind.ToString();
            if (lockInfo.Native is { } native)
            {
                builder[NativeRelease] = native.ReleaseEntryPoint;
                builder[NeedsNativeRelease] = lockInfo.NativeDeleted ? "false" : "true";
                builder[Passing] = lockInfo.Passing;
            }

            if (lockInfo.MemoryFree is { } free && !lockInfo.MemoryFreed)
            {
                builder[MemoryFree] = free;
            }

            if (lockInfo.NativeMethod is { } method)
            {
                builder[NativeInitializer] = method.Name;
            }

            return builder.ToImmutable();
        }
    }
}
