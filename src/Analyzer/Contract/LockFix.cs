using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Catalog;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

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

    /// <summary>For an owner nothing disposes yet: the Dispose the fix adds, as the disposal model decides it.</summary>
    [Flags]
    internal enum NewDispose
    {
        None = 0,
        /// <summary>A plain `public void Dispose()` (sealed class, struct) rather than the pattern.</summary>
        Plain = 1,
        /// <summary>IDisposable goes on the base list (not on a ref struct, which disposes by pattern).</summary>
        ImplementsInterface = 2,
        /// <summary>A base type already has a Dispose that a new one would hide: no fix.</summary>
        WouldHide = 4,
    }

    /// <summary>A place in source the fixer edits around: a file path and a span, carried as text.</summary>
    internal readonly struct CodeSpot
    {
        public CodeSpot(string path, int start, int length)
        {
            Path = path;
            Start = start;
            Length = length;
        }

        public string Path { get; }

        public int Start { get; }

        public int Length { get; }

        public static CodeSpot Of(SyntaxNode node) => new CodeSpot(node.SyntaxTree.FilePath, node.SpanStart, node.Span.Length);

        /// <summary>"start,length,path": the path last, since it may hold commas.</summary>
        public override string ToString() => Start.ToString(System.Globalization.CultureInfo.InvariantCulture) + ","
            + Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "," + Path;

        public static CodeSpot? Parse(string? text)
        {
            if (text is null)
            {
                return null;
            }

            var first = text.IndexOf(',');
            var second = first < 0 ? -1 : text.IndexOf(',', first + 1);
            if (second < 0
                || !int.TryParse(text.Substring(0, first), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start)
                || !int.TryParse(text.Substring(first + 1, second - first - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length))
            {
                return null;
            }

            return new CodeSpot(text.Substring(second + 1), start, length);
        }
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
        private const string CollectionValuesKey = "CollectionValues";
        private const string ReleaseMethodKey = "ReleaseMethod";
        private const string KindKey = "Kind";
        private const string NativeReleaseKey = "NativeRelease";
        private const string NeedsNativeReleaseKey = "NeedsNativeRelease";
        private const string PassingKey = "Passing";
        private const string MemoryFreeKey = "MemoryFree";
        private const string NativeInitializerKey = "NativeInitializer";
        private const string EarlyExitKey = "EarlyExit";
        private const string EarlyReturnsKey = "EarlyReturns";
        private const string OwnerKey = "Owner";
        private const string PlacementKey = "Placement";
        private const string TargetKey = "Target";
        private const string HookKey = "Hook";
        private const string HookAccessibilityKey = "HookAccessibility";
        private const string HookOfSealedDisposeKey = "HookOfSealedDispose";
        private const string EntriesKey = "Entries";
        private const string ReleasePathsKey = "ReleasePaths";
        private const string ExistingFreesKey = "ExistingFrees";
        private const string ExistingDeletesKey = "ExistingDeletes";
        private const string ExistingResetsKey = "ExistingResets";
        private const string LateKey = "Late";
        private const string LateAtKey = "LateAt";
        private const string LateResetAtKey = "LateResetAt";
        private const string LateReleasesKey = "LateReleases";
        private const string PlatformCheckKey = "PlatformCheck";
        private const string PlatformArgumentKey = "PlatformArgument";
        private const string PlatformElseKey = "PlatformElse";
        private const string StorageMemberKey = "StorageMember";
        private const string StoragePathKey = "StoragePath";
        private const string TeardownKey = "Teardown";
        private const string SiblingsKey = "PlatformSiblings";
        private const string SyncPathKey = "SyncPath";
        private const string AsyncPathKey = "AsyncPath";
        private const string NewDisposeKey = "NewDispose";
        private const string SiblingPrefix = "PlatformSibling";
        private const string SiblingAtKey = "At";

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

        /// <summary>The collection is a dictionary whose values are the primitives: the release iterates its `.Values`.</summary>
        public bool CollectionValues { get; set; }

        /// <summary>The primitive is an async-only wrapper, released with `await x.DisposeAsync()`.</summary>
        public bool ReleasesAsync { get; set; }

        /// <summary>The native release entry point (DeleteCriticalSection, pthread_mutex_destroy, CloseHandle), for native kinds.</summary>
        public string? NativeRelease { get; set; }

        /// <summary>The native release has not happened yet (LCK003 may report a missing free only).</summary>
        public bool NeedsNativeRelease { get; set; }

        public ArgumentPassing Passing { get; set; }

        /// <summary>The memory family whose free is missing (a row of <see cref="NativeApi.MemoryFamilies"/>), or null.</summary>
        public MemoryFamily? Free { get; set; }

        /// <summary>The documentation comment id of the P/Invoke the type called to initialize or create the lock.</summary>
        public string? NativeInitializer { get; set; }

        /// <summary>LCK005: the condition is an early return/throw before the release (the fix moves the release before it).</summary>
        public bool EarlyExit { get; set; }

        /// <summary>
        /// LCK005: the early returns and throws that skip the release (guards excluded): the fix adds the release
        /// immediately before each, on that return's path, and keeps the release where it is.
        /// </summary>
        public ImmutableArray<CodeSpot> EarlyReturns { get; set; } = ImmutableArray<CodeSpot>.Empty;

        /// <summary>Which row of SPEC's fix table the owner is in, as the type's disposal model decides it; null when not carried.</summary>
        public DisposeShapeKind? Placement { get; set; }

        /// <summary>
        /// The documentation comment id of the owner's method the release goes into (for <see cref="DisposeShapeKind.Own"/>):
        /// the disposal path that does the work, or the path that forgets the lock when the other one releases it.
        /// </summary>
        public string? Target { get; set; }

        /// <summary>For <see cref="DisposeShapeKind.BaseOverride"/>: the documentation comment id of the base method to override, whatever its name.</summary>
        public string? Hook { get; set; }

        /// <summary>The accessibility the override of <see cref="Hook"/> must declare.</summary>
        public Accessibility HookAccessibility { get; set; }

        /// <summary>The base's Dispose(bool) is sealed (or Dispose() not virtual) and <see cref="Hook"/> is the virtual method it calls.</summary>
        public bool HookOfSealedDispose { get; set; }

        /// <summary>The disposal entries the owner declares.</summary>
        public DisposalEntries Entries { get; set; }

        /// <summary>
        /// The documentation comment ids of the owner's disposal paths that must each release (both the sync and the async one
        /// when neither runs the other); empty when only <see cref="Target"/> must.
        /// </summary>
        public ImmutableArray<string> ReleasePaths { get; set; } = ImmutableArray<string>.Empty;

        /// <summary>The documentation comment id of the owner's synchronous disposal path (Dispose(bool), Dispose(), explicit IDisposable.Dispose, a hook's override); null when it has none.</summary>
        public string? SyncPath { get; set; }

        /// <summary>The documentation comment id of the owner's asynchronous disposal path (DisposeAsyncCore, else DisposeAsync); null when it has none.</summary>
        public string? AsyncPath { get; set; }

        /// <summary>For <see cref="DisposeShapeKind.New"/>: the shape of the Dispose the fix adds.</summary>
        public NewDispose NewDispose { get; set; }





        /// <summary>
        /// Every free of the lock's memory the disposal paths already make, in path order, each once (a helper several paths
        /// call is one), the free of a block another member points into included: the missing delete goes right before each.
        /// </summary>
        public ImmutableArray<TeardownSpot> ExistingFrees { get; set; } = ImmutableArray<TeardownSpot>.Empty;

        /// <summary>Every counted native delete the disposal paths already make: a missing free goes right after each.</summary>
        public ImmutableArray<TeardownSpot> ExistingDeletes { get; set; } = ImmutableArray<TeardownSpot>.Empty;

        /// <summary>Every reset of the storage the disposal paths already make: where nothing is freed or deleted, the release goes before each.</summary>
        public ImmutableArray<TeardownSpot> ExistingResets { get; set; } = ImmutableArray<TeardownSpot>.Empty;

        /// <summary>Why an existing release does not count, and where it is (<see cref="LateAt"/>).</summary>
        public LateRelease Late { get; set; }

        public CodeSpot? LateAt { get; set; }

        /// <summary>The reset a late delete or Dispose follows (`_gate = null`): the fix moves the late release before it.</summary>
        public CodeSpot? LateResetAt { get; set; }

        /// <summary>Every late release the paths make, each once (a Dispose and a finalizer may each have one): the fix moves them all.</summary>
        public ImmutableArray<TeardownSpot> LateReleases { get; set; } = ImmutableArray<TeardownSpot>.Empty;

        /// <summary>
        /// The platform check the creation sat under: the documentation comment id of the OperatingSystem.IsXxx or
        /// RuntimeInformation.IsOSPlatform method; null when the creation is not under one.
        /// </summary>
        public string? PlatformCheck { get; set; }

        /// <summary>For RuntimeInformation.IsOSPlatform: the OSPlatform property named ("Windows", "Linux", "OSX", "FreeBSD").</summary>
        public string? PlatformArgument { get; set; }

        /// <summary>The creation sat in the else of the platform check.</summary>
        public bool PlatformElse { get; set; }

        /// <summary>The field or auto-property that stores the lock, by name (<see cref="Member"/> is the path into it when there is one).</summary>
        public string? StorageMember { get; set; }

        /// <summary>"_state.Gate" when the native lock lives in a field of a struct-typed member; null when it is the member itself.</summary>
        public string? StoragePath { get; set; }

        /// <summary>
        /// The documentation comment id of the owner's method whose job is to release this lock, which the new Dispose calls
        /// instead of writing a second release; null when there is none, or when the method is a thread, task or timer body,
        /// an event handler, a loop or a method that waits (decided by the analyzer: <see cref="ReusableTeardown"/>).
        /// </summary>
        public string? Teardown { get; set; }

        /// <summary>
        /// The other native locks the same member holds on other platform branches (`CreateMutexW` under
        /// `OperatingSystem.IsWindows()`, `pthread_mutex_init` in its else), each reported too: where its creation is and its
        /// own contract. A fix of one writes them all, each under its own check, so no fix leaves the member half released.
        /// </summary>
        public ImmutableArray<(CodeSpot At, ImmutableDictionary<string, string?> Properties)> PlatformSiblings { get; set; } =
            ImmutableArray<(CodeSpot, ImmutableDictionary<string, string?>)>.Empty;

        public bool IsNative => Kind is LockKind.NativeInPlace or LockKind.NativeHandle;

        /// <summary>What the analyzer knows about <paramref name="lockInfo"/> that a fix needs: the writing half of the contract.</summary>
        public static LockFix For(OwnedLock lockInfo, INamedTypeSymbol owner)
        {
            var fix = new LockFix(lockInfo.Kind, lockInfo.Name)
            {
                Owner = DocumentationCommentId.CreateDeclarationId(owner),
                MayBeNull = lockInfo.MayBeNull,
                IsCollection = lockInfo.IsCollection,
                CollectionValues = lockInfo.IsCollection && LockCatalog.HoldsAsValues(lockInfo.Member switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                }),
                ReleasesAsync = lockInfo.ReleaseMethod == "DisposeAsync",
                NativeInitializer = lockInfo.NativeMethod is { } method ? DocumentationCommentId.CreateDeclarationId(method) : null,
                StorageMember = lockInfo.Member.Name,
                StoragePath = lockInfo.StoragePath,
                Teardown = lockInfo.Teardown is { } teardown ? DocumentationCommentId.CreateDeclarationId(teardown) : null,
            };
            if (lockInfo.Native is { } native)
            {
                fix.NativeRelease = native.ReleaseEntryPoint;
                fix.NeedsNativeRelease = !lockInfo.NativeDeleted;
                fix.Passing = Enum.TryParse<ArgumentPassing>(lockInfo.Passing, ignoreCase: true, out var passing) ? passing : ArgumentPassing.Value;
            }

            if (!lockInfo.MemoryFreed)
            {
                fix.Free = NativeApi.MemoryFreedAs(lockInfo.MemoryFree);
            }

            fix.ExistingFrees = Spots(lockInfo.Frees);
            fix.ExistingDeletes = Spots(lockInfo.Deletes);
            fix.ExistingResets = Spots(lockInfo.Resets);
            fix.Late = lockInfo.Late;
            fix.LateAt = Spot(lockInfo.LateAt);
            fix.LateResetAt = Spot(lockInfo.LateReset);
            fix.LateReleases = Spots(lockInfo.Lates);
            if (ReleaseConditions.PlatformOf(lockInfo.Creation) is { } platform)
            {
                fix.PlatformCheck = DocumentationCommentId.CreateDeclarationId(platform.Check.TargetMethod.OriginalDefinition);
                fix.PlatformArgument = platform.Check.Arguments.Length > 0 && platform.Check.Arguments[0].Value is IPropertyReferenceOperation { Property.Name: var os } ? os : null;
                fix.PlatformElse = platform.Else;
            }

            return fix;
        }

        /// <summary>Carries where the release goes, as the owner's <see cref="DisposeShape"/> decides it, with <paramref name="target"/> the method the rule points at.</summary>
        public LockFix WithPlacement(DisposeShape shape, IMethodSymbol? target)
        {
            Placement = shape.Kind;
            Entries = shape.Entries;
            Target = target is null ? null : DocumentationCommentId.CreateDeclarationId(target);
            if (shape.Overridden is { } hook)
            {
                Hook = DocumentationCommentId.CreateDeclarationId(hook);
                HookAccessibility = shape.OverrideAccessibility;
                HookOfSealedDispose = shape.HookOfSealedDispose;
            }

            SyncPath = shape.Sync is { } syncPath ? DocumentationCommentId.CreateDeclarationId(syncPath) : null;
            AsyncPath = shape.Async is { } asyncPath ? DocumentationCommentId.CreateDeclarationId(asyncPath) : null;
            if (shape.Kind == DisposeShapeKind.New)
            {
                NewDispose = (shape.NewIsPlain ? NewDispose.Plain : NewDispose.None)
                    | (shape.NewImplementsInterface ? NewDispose.ImplementsInterface : NewDispose.None)
                    | (shape.NewWouldHide ? NewDispose.WouldHide : NewDispose.None);
            }

            if (shape.BothPathsRelease && shape.Sync is { } sync && shape.Async is { } async)
            {
                ReleasePaths = ImmutableArray.Create(DocumentationCommentId.CreateDeclarationId(sync), DocumentationCommentId.CreateDeclarationId(async));
            }

            return this;
        }

        private static CodeSpot? Spot(IOperation? operation) => operation is null ? null : CodeSpot.Of(operation.Syntax);

        private static ImmutableArray<TeardownSpot> Spots(IEnumerable<TeardownStep> steps) =>
            steps.Select(s => new TeardownSpot(CodeSpot.Of(s.Operation.Syntax), s.Via, s.Guard)).ToImmutableArray();


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
            if (CollectionValues)
            {
                builder[CollectionValuesKey] = Flag(CollectionValues);
            }

            builder[ReleaseMethodKey] = ReleasesAsync ? "DisposeAsync" : "Dispose";
            if (NativeRelease is not null)
            {
                builder[NativeReleaseKey] = NativeRelease;
                builder[NeedsNativeReleaseKey] = Flag(NeedsNativeRelease);
                builder[PassingKey] = Passing.ToString();
            }

            if (Free is not null)
            {
                builder[MemoryFreeKey] = Free.FreeName;
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

            if (!EarlyReturns.IsDefaultOrEmpty)
            {
                // A spot ends with its file path, which holds no newline.
                builder[EarlyReturnsKey] = string.Join("\n", EarlyReturns);
            }

            if (Placement is { } placement)
            {
                builder[PlacementKey] = placement.ToString();
            }

            Put(builder, TargetKey, Target);
            if (Hook is not null)
            {
                builder[HookKey] = Hook;
                builder[HookAccessibilityKey] = HookAccessibility.ToString();
                builder[HookOfSealedDisposeKey] = Flag(HookOfSealedDispose);
            }

            if (Entries != DisposalEntries.None)
            {
                builder[EntriesKey] = ((int)Entries).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (!ReleasePaths.IsDefaultOrEmpty)
            {
                // Documentation comment ids hold no newline.
                builder[ReleasePathsKey] = string.Join("\n", ReleasePaths);
            }

            Put(builder, ExistingFreesKey, TeardownSpot.Join(ExistingFrees));
            Put(builder, ExistingDeletesKey, TeardownSpot.Join(ExistingDeletes));
            Put(builder, ExistingResetsKey, TeardownSpot.Join(ExistingResets));
            if (Late != LateRelease.None)
            {
                builder[LateKey] = Late.ToString();
            }

            Put(builder, LateAtKey, LateAt?.ToString());
            Put(builder, LateResetAtKey, LateResetAt?.ToString());
            Put(builder, LateReleasesKey, TeardownSpot.Join(LateReleases));
            if (PlatformCheck is not null)
            {
                builder[PlatformCheckKey] = PlatformCheck;
                Put(builder, PlatformArgumentKey, PlatformArgument);
                builder[PlatformElseKey] = Flag(PlatformElse);
            }

            Put(builder, StorageMemberKey, StorageMember);
            Put(builder, StoragePathKey, StoragePath);
            Put(builder, TeardownKey, Teardown);
            Put(builder, SyncPathKey, SyncPath);
            Put(builder, AsyncPathKey, AsyncPath);
            if (NewDispose != NewDispose.None)
            {
                builder[NewDisposeKey] = ((int)NewDispose).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (!PlatformSiblings.IsDefaultOrEmpty)
            {
                builder[SiblingsKey] = PlatformSiblings.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                for (var i = 0; i < PlatformSiblings.Length; i++)
                {
                    var prefix = SiblingPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".";
                    builder[prefix + SiblingAtKey] = PlatformSiblings[i].At.ToString();
                    foreach (var pair in PlatformSiblings[i].Properties)
                    {
                        builder[prefix + pair.Key] = pair.Value;
                    }
                }
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
                CollectionValues = IsSet(properties, CollectionValuesKey),
                ReleasesAsync = properties.TryGetValue(ReleaseMethodKey, out var method) && method == "DisposeAsync",
                NativeRelease = properties.TryGetValue(NativeReleaseKey, out var release) ? release : null,
                NeedsNativeRelease = IsSet(properties, NeedsNativeReleaseKey),
                Passing = properties.TryGetValue(PassingKey, out var passing) && Enum.TryParse<ArgumentPassing>(passing, ignoreCase: true, out var parsed) ? parsed : ArgumentPassing.Value,
                Free = properties.TryGetValue(MemoryFreeKey, out var free) ? NativeApi.MemoryFreedAs(free) : null,
                NativeInitializer = properties.TryGetValue(NativeInitializerKey, out var initializer) ? initializer : null,
                Owner = properties.TryGetValue(OwnerKey, out var owner) ? owner : null,
                EarlyExit = IsSet(properties, EarlyExitKey),
                EarlyReturns = Text(properties, EarlyReturnsKey) is { } returns
                    ? returns.Split('\n').Select(CodeSpot.Parse).Where(s => s is not null).Select(s => s!.Value).ToImmutableArray()
                    : ImmutableArray<CodeSpot>.Empty,
                Placement = Text(properties, PlacementKey) is { } placement && Enum.TryParse<DisposeShapeKind>(placement, out var parsedPlacement) ? parsedPlacement : null,
                Target = Text(properties, TargetKey),
                Hook = Text(properties, HookKey),
                HookAccessibility = Text(properties, HookAccessibilityKey) is { } access && Enum.TryParse<Accessibility>(access, out var parsedAccess) ? parsedAccess : Accessibility.NotApplicable,
                HookOfSealedDispose = IsSet(properties, HookOfSealedDisposeKey),
                Entries = Text(properties, EntriesKey) is { } entries && int.TryParse(entries, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsedEntries)
                    ? (DisposalEntries)parsedEntries : DisposalEntries.None,
                ReleasePaths = Text(properties, ReleasePathsKey) is { } paths ? paths.Split('\n').ToImmutableArray() : ImmutableArray<string>.Empty,
                ExistingFrees = TeardownSpot.Split(Text(properties, ExistingFreesKey)),
                ExistingDeletes = TeardownSpot.Split(Text(properties, ExistingDeletesKey)),
                ExistingResets = TeardownSpot.Split(Text(properties, ExistingResetsKey)),
                Late = Text(properties, LateKey) is { } late && Enum.TryParse<LateRelease>(late, out var parsedLate) ? parsedLate : LateRelease.None,
                LateAt = CodeSpot.Parse(Text(properties, LateAtKey)),
                LateResetAt = CodeSpot.Parse(Text(properties, LateResetAtKey)),
                LateReleases = TeardownSpot.Split(Text(properties, LateReleasesKey)),
                PlatformCheck = Text(properties, PlatformCheckKey),
                PlatformArgument = Text(properties, PlatformArgumentKey),
                PlatformElse = IsSet(properties, PlatformElseKey),
                StorageMember = Text(properties, StorageMemberKey),
                StoragePath = Text(properties, StoragePathKey),
                Teardown = Text(properties, TeardownKey),
                PlatformSiblings = SiblingsOf(properties),
                SyncPath = Text(properties, SyncPathKey),
                AsyncPath = Text(properties, AsyncPathKey),
                NewDispose = Text(properties, NewDisposeKey) is { } newDispose && int.TryParse(newDispose, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsedNew)
                    ? (NewDispose)parsedNew : NewDispose.None,
            };
        }

        /// <summary>
        /// Carries, with this lock's contract, the contracts of <paramref name="siblings"/>: the other reported native locks of
        /// the same member, created under another platform check.
        /// </summary>
        public LockFix WithPlatformSiblings(System.Collections.Generic.IEnumerable<(SyntaxNode Creation, LockFix Fix)> siblings)
        {
            var carried = ImmutableArray.CreateBuilder<(CodeSpot, ImmutableDictionary<string, string?>)>();
            foreach (var (creation, sibling) in siblings)
            {
                if (PlatformCheck is not null && sibling.PlatformCheck is not null && sibling.Member == Member && sibling.NativeRelease is not null
                    && (sibling.PlatformCheck, sibling.PlatformArgument, sibling.PlatformElse) != (PlatformCheck, PlatformArgument, PlatformElse))
                {
                    carried.Add((CodeSpot.Of(creation), sibling.ToProperties()));
                }
            }

            PlatformSiblings = carried.ToImmutable();
            return this;
        }

        private static ImmutableArray<(CodeSpot, ImmutableDictionary<string, string?>)> SiblingsOf(ImmutableDictionary<string, string?> properties)
        {
            if (Text(properties, SiblingsKey) is not { } countText
                || !int.TryParse(countText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                return ImmutableArray<(CodeSpot, ImmutableDictionary<string, string?>)>.Empty;
            }

            var siblings = ImmutableArray.CreateBuilder<(CodeSpot, ImmutableDictionary<string, string?>)>();
            for (var i = 0; i < count; i++)
            {
                var prefix = SiblingPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".";
                if (CodeSpot.Parse(Text(properties, prefix + SiblingAtKey)) is not { } at)
                {
                    continue;
                }

                var own = ImmutableDictionary.CreateBuilder<string, string?>();
                foreach (var pair in properties)
                {
                    if (pair.Key.StartsWith(prefix, StringComparison.Ordinal) && pair.Key != prefix + SiblingAtKey)
                    {
                        own[pair.Key.Substring(prefix.Length)] = pair.Value;
                    }
                }

                siblings.Add((at, own.ToImmutable()));
            }

            return siblings.ToImmutable();
        }

        private static string? Text(ImmutableDictionary<string, string?> properties, string key) =>
            properties.TryGetValue(key, out var value) ? value : null;

        private static void Put(ImmutableDictionary<string, string?>.Builder builder, string key, string? value)
        {
            if (value is not null)
            {
                builder[key] = value;
            }
        }

        private static string Flag(bool value) => value ? "true" : "false";

        private static bool IsSet(ImmutableDictionary<string, string?> properties, string key) =>
            properties.TryGetValue(key, out var value) && value == "true";
    }
}
