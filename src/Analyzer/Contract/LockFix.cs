using System;
using System.Collections.Immutable;
using LockLeak.Catalog;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;

namespace LockLeak.Contract
{
    /// <summary>How the native initializer was handed the member that holds the lock.</summary>
    internal enum ArgumentPassing
    {
        /// <summary>`Init(_cs)`: the member is (or points to) the lock.</summary>
        Value,
        /// <summary>`Init(ref _cs)`: the lock lives inline in the member.</summary>
        Ref,
        /// <summary>`Init(&amp;_cs)`: the lock lives inline, reached through its address.</summary>
        Address,
        /// <summary>`fixed (byte* p = _cs) Init(p)`: the lock lives in a fixed-size buffer, reached through a pinned pointer.</summary>
        Pinned,
    }

    /// <summary>The free that matches the memory a type allocated for a native lock.</summary>
    internal enum MemoryRelease
    {
        None,
        MarshalFreeHGlobal,
        MarshalFreeCoTaskMem,
        NativeMemoryFree,
        NativeMemoryAlignedFree,
    }

    /// <summary>
    /// What a rule tells its fix about one lock, carried in <see cref="Diagnostic.Properties"/>: written by
    /// <see cref="ToProperties"/> and read by <see cref="From(Diagnostic)"/>, so both sides agree by construction and
    /// a fix never compares names or display text of its own.
    /// </summary>
    internal sealed class LockFix
    {
        private const string MemberKey = "Member";
        private const string MayBeNullKey = "MayBeNull";
        private const string CollectionKey = "Collection";
        private const string ReleaseMethodKey = "ReleaseMethod";
        private const string KindKey = "Kind";
        private const string NativeReleaseKey = "NativeRelease";
        private const string NeedsNativeReleaseKey = "NeedsNativeRelease";
        private const string PassingKey = "Passing";
        private const string MemoryFreeKey = "MemoryFree";
        private const string NativeInitializerKey = "NativeInitializer";
        private const string EarlyExitKey = "EarlyExit";
        private const string OwnerKey = "Owner";

        public LockFix(LockKind kind, string member)
        {
            Kind = kind;
            Member = member;
        }

        public LockKind Kind { get; }

        /// <summary>The field or auto-property that holds the primitive.</summary>
        public string Member { get; }

        /// <summary>The documentation comment id of the type that owns the primitive (the one the fix edits).</summary>
        public string? Owner { get; set; }

        /// <summary>The member may be null on some path: a managed release is written with `?.`.</summary>
        public bool MayBeNull { get; set; }

        /// <summary>The member is an array or collection of primitives: the release is a foreach.</summary>
        public bool IsCollection { get; set; }

        /// <summary>The primitive is an async-only wrapper, released with `await x.DisposeAsync()`.</summary>
        public bool ReleasesAsync { get; set; }

        /// <summary>The native release entry point (DeleteCriticalSection, pthread_mutex_destroy, CloseHandle), for native kinds.</summary>
        public string? NativeRelease { get; set; }

        /// <summary>The native release has not happened yet (LCK003 may report a missing free only).</summary>
        public bool NeedsNativeRelease { get; set; }

        public ArgumentPassing Passing { get; set; }

        /// <summary>The free of the lock's memory that is missing, or <see cref="MemoryRelease.None"/>.</summary>
        public MemoryRelease Free { get; set; }

        /// <summary>The documentation comment id of the P/Invoke the type called to initialize or create the lock.</summary>
        public string? NativeInitializer { get; set; }

        /// <summary>LCK005: the condition is an early return/throw before the release (the fix moves the release before it).</summary>
        public bool EarlyExit { get; set; }

        public bool IsNative => Kind is LockKind.NativeInPlace or LockKind.NativeHandle;

        /// <summary>What the analyzer knows about <paramref name="lockInfo"/> that a fix needs: the writing half of the contract.</summary>
        public static LockFix For(OwnedLock lockInfo, INamedTypeSymbol owner)
        {
            var fix = new LockFix(lockInfo.Kind, lockInfo.Name)
            {
                Owner = DocumentationCommentId.CreateDeclarationId(owner),
                MayBeNull = lockInfo.MayBeNull,
                IsCollection = lockInfo.IsCollection,
                ReleasesAsync = lockInfo.ReleaseMethod == "DisposeAsync",
                NativeInitializer = lockInfo.NativeMethod is { } method ? DocumentationCommentId.CreateDeclarationId(method) : null,
            };
            if (lockInfo.Native is { } native)
            {
                fix.NativeRelease = native.ReleaseEntryPoint;
                fix.NeedsNativeRelease = !lockInfo.NativeDeleted;
                fix.Passing = Enum.TryParse<ArgumentPassing>(lockInfo.Passing, ignoreCase: true, out var passing) ? passing : ArgumentPassing.Value;
            }

            if (!lockInfo.MemoryFreed)
            {
                fix.Free = FreeNamed(lockInfo.MemoryFree);
            }

            return fix;
        }

        /// <summary>The properties of an LCK004 diagnostic: the dropped local, if it has a name, and the native release of a dropped OS handle.</summary>
        public static ImmutableDictionary<string, string?> ForDroppedLocal(string? local, string? nativeRelease)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(MemberKey, local);
            return nativeRelease is null ? properties : properties.Add(NativeReleaseKey, nativeRelease);
        }

        /// <summary>LCK004: the native release (CloseHandle) of a dropped OS handle, which has no Dispose; null for a managed primitive.</summary>
        public static string? DroppedNativeRelease(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(NativeReleaseKey, out var release) ? release : null;

        public ImmutableDictionary<string, string?> ToProperties()
        {
            var builder = ImmutableDictionary.CreateBuilder<string, string?>();
            builder[MemberKey] = Member;
            builder[KindKey] = Kind.ToString();
            builder[MayBeNullKey] = Flag(MayBeNull);
            builder[CollectionKey] = Flag(IsCollection);
            builder[ReleaseMethodKey] = ReleasesAsync ? "DisposeAsync" : "Dispose";
            if (NativeRelease is not null)
            {
                builder[NativeReleaseKey] = NativeRelease;
                builder[NeedsNativeReleaseKey] = Flag(NeedsNativeRelease);
                builder[PassingKey] = Passing.ToString();
            }

            if (Free != MemoryRelease.None)
            {
                builder[MemoryFreeKey] = Free.ToString();
            }

            if (NativeInitializer is not null)
            {
                builder[NativeInitializerKey] = NativeInitializer;
            }

            if (Owner is not null)
            {
                builder[OwnerKey] = Owner;
            }

            if (EarlyExit)
            {
                builder[EarlyExitKey] = Flag(EarlyExit);
            }

            return builder.ToImmutable();
        }

        /// <summary>The contract of <paramref name="diagnostic"/>, or null when it carries none (a diagnostic of another analyzer).</summary>
        public static LockFix? From(Diagnostic diagnostic) => From(diagnostic.Properties);

        public static LockFix? From(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(MemberKey, out var member) || string.IsNullOrEmpty(member)
                || !properties.TryGetValue(KindKey, out var kindText) || !Enum.TryParse<LockKind>(kindText, out var kind))
            {
                return null;
            }

            return new LockFix(kind, member!)
            {
                MayBeNull = IsSet(properties, MayBeNullKey),
                IsCollection = IsSet(properties, CollectionKey),
                ReleasesAsync = properties.TryGetValue(ReleaseMethodKey, out var method) && method == "DisposeAsync",
                NativeRelease = properties.TryGetValue(NativeReleaseKey, out var release) ? release : null,
                NeedsNativeRelease = IsSet(properties, NeedsNativeReleaseKey),
                Passing = properties.TryGetValue(PassingKey, out var passing) && Enum.TryParse<ArgumentPassing>(passing, ignoreCase: true, out var parsed) ? parsed : ArgumentPassing.Value,
                Free = properties.TryGetValue(MemoryFreeKey, out var free) && Enum.TryParse<MemoryRelease>(free, out var parsedFree) ? parsedFree : MemoryRelease.None,
                NativeInitializer = properties.TryGetValue(NativeInitializerKey, out var initializer) ? initializer : null,
                Owner = properties.TryGetValue(OwnerKey, out var owner) ? owner : null,
                EarlyExit = IsSet(properties, EarlyExitKey),
            };
        }

        /// <summary>The metadata name of the type that declares <paramref name="free"/>, and the method's name.</summary>
        public static (string Type, string Method)? Api(MemoryRelease free) => free switch
        {
            MemoryRelease.MarshalFreeHGlobal => ("System.Runtime.InteropServices.Marshal", "FreeHGlobal"),
            MemoryRelease.MarshalFreeCoTaskMem => ("System.Runtime.InteropServices.Marshal", "FreeCoTaskMem"),
            MemoryRelease.NativeMemoryFree => ("System.Runtime.InteropServices.NativeMemory", "Free"),
            MemoryRelease.NativeMemoryAlignedFree => ("System.Runtime.InteropServices.NativeMemory", "AlignedFree"),
            _ => null,
        };

        // Read once: Enum.GetValues is reflection and a new array per call, and this runs for every native lock reported.
        private static readonly MemoryRelease[] Frees = (MemoryRelease[])Enum.GetValues(typeof(MemoryRelease));

        /// <summary>The free that the analyzer's messages name ("Marshal.FreeHGlobal"), from the same table the fix reads.</summary>
        private static MemoryRelease FreeNamed(string? name)
        {
            foreach (var candidate in Frees)
            {
                if (Api(candidate) is { } api && name == api.Type.Substring(api.Type.LastIndexOf('.') + 1) + "." + api.Method)
                {
                    return candidate;
                }
            }

            return MemoryRelease.None;
        }

        private static string Flag(bool value) => value ? "true" : "false";

        private static bool IsSet(ImmutableDictionary<string, string?> properties, string key) =>
            properties.TryGetValue(key, out var value) && value == "true";
    }
}
