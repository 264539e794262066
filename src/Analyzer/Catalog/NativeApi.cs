using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace LockLeak.Catalog
{
    /// <summary>What a native release is handed: the address the initializer was handed, or the handle the creator returned.</summary>
    internal enum NativeReleaseParameter
    {
        /// <summary>`DeleteCriticalSection(ref _cs)`: the same parameter as the initializer's first.</summary>
        LockAddress,
        /// <summary>`CloseHandle(_mutex)`: the type the creator returns.</summary>
        Handle,
    }

    /// <summary>
    /// One row of SPEC.md's native table, and the table itself (<see cref="Table"/>): the entry points that create one kind
    /// of native lock (suffixes spelled out), the release and its signature, and the memory families that may hold the
    /// lock. Every reader of native entry points, release signatures and memory frees, in the analyzer and in the fixes,
    /// reads it here: a new native lock API is one row.
    /// </summary>
    internal sealed class NativeApi
    {
        // Windows entry points that take or return strings come in an ANSI (A) and a UTF-16 (W) export.
        private static readonly string[] NoSuffix = { string.Empty };
        private static readonly string[] EncodingSuffixes = { string.Empty, "A", "W" };

        /// <summary>The memory families that may hold an in-place lock: its allocation and the free that matches it.</summary>
        public static readonly ImmutableArray<MemoryFamily> MemoryFamilies = ImmutableArray.Create(
            new MemoryFamily("System.Runtime.InteropServices.Marshal", "FreeHGlobal", "AllocHGlobal"),
            new MemoryFamily("System.Runtime.InteropServices.Marshal", "FreeCoTaskMem", "AllocCoTaskMem"),
            new MemoryFamily("System.Runtime.InteropServices.NativeMemory", "Free", "Alloc", "AllocZeroed"),
            new MemoryFamily("System.Runtime.InteropServices.NativeMemory", "AlignedFree", "AlignedAlloc"));

        /// <summary>SPEC.md's table, one row per kind of native lock.</summary>
        public static readonly ImmutableArray<NativeApi> Table = ImmutableArray.Create(
            InPlace("critical section", "DeleteCriticalSection", "void", "InitializeCriticalSection", "InitializeCriticalSectionAndSpinCount", "InitializeCriticalSectionEx"),
            InPlace("pthread mutex", "pthread_mutex_destroy", "int", "pthread_mutex_init"),
            InPlace("pthread rwlock", "pthread_rwlock_destroy", "int", "pthread_rwlock_init"),
            InPlace("pthread condition variable", "pthread_cond_destroy", "int", "pthread_cond_init"),
            InPlace("pthread spin lock", "pthread_spin_destroy", "int", "pthread_spin_init"),
            InPlace("POSIX semaphore", "sem_destroy", "int", "sem_init"),
            Handle("native mutex handle", "CloseHandle", "bool", EncodingSuffixes, "CreateMutex", "CreateMutexEx", "OpenMutex"),
            Handle("native semaphore handle", "CloseHandle", "bool", EncodingSuffixes, "CreateSemaphore", "CreateSemaphoreEx", "OpenSemaphore"),
            Handle("native event handle", "CloseHandle", "bool", EncodingSuffixes, "CreateEvent", "CreateEventEx", "OpenEvent"));

        private static readonly Dictionary<string, NativeFunction> Functions = Build();

        private NativeApi(string lockName, NativeRole role, string release, string releaseReturnType, ImmutableArray<string> entryPoints, ImmutableArray<MemoryFamily> memory)
        {
            LockName = lockName;
            Role = role;
            Release = release;
            ReleaseReturnType = releaseReturnType;
            EntryPoints = entryPoints;
            Memory = memory;
        }

        /// <summary>How a message names the lock: "critical section", "pthread mutex", ...</summary>
        public string LockName { get; }

        /// <summary>What the entry points do: initialize a lock in place, or create a handle.</summary>
        public NativeRole Role { get; }

        /// <summary>Every entry point that creates the lock, each suffix spelled out (CreateMutex, CreateMutexW, CreateMutexExA...).</summary>
        public ImmutableArray<string> EntryPoints { get; }

        /// <summary>The entry point that releases it.</summary>
        public string Release { get; }

        /// <summary>The release's return type, as C# spells it in a P/Invoke: "void", "bool", "int".</summary>
        public string ReleaseReturnType { get; }

        /// <summary>What the release's one parameter takes.</summary>
        public NativeReleaseParameter ReleaseParameter => Role == NativeRole.CreateHandle ? NativeReleaseParameter.Handle : NativeReleaseParameter.LockAddress;

        /// <summary>The memory families that may hold the lock (none for a handle, which the kernel holds).</summary>
        public ImmutableArray<MemoryFamily> Memory { get; }

        /// <summary>The function of the table an entry point names, creator or release, or null.</summary>
        public static NativeFunction? Find(string entryPoint) => Functions.TryGetValue(entryPoint, out var function) ? function : null;

        /// <summary>The row whose release is <paramref name="release"/>: its signature, for a declaration the fix writes.</summary>
        public static NativeApi? Releasing(string release)
        {
            foreach (var row in Table)
            {
                if (row.Release == release)
                {
                    return row;
                }
            }

            return null;
        }

        /// <summary>The family whose free SPEC's messages name this way ("Marshal.FreeHGlobal"), or null.</summary>
        public static MemoryFamily? MemoryFreedAs(string? freeName)
        {
            foreach (var family in MemoryFamilies)
            {
                if (family.FreeName == freeName)
                {
                    return family;
                }
            }

            return null;
        }

        /// <summary>Whether a method of this name frees lock memory of some family (`Marshal.FreeHGlobal`, `NativeMemory.Free`...), read from syntax.</summary>
        public static bool IsMemoryFree(string methodName)
        {
            foreach (var family in MemoryFamilies)
            {
                if (family.Free == methodName)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether `receiver.method(...)` frees lock memory, the receiver written as the runtime names its type (`Marshal`, `System.Runtime.InteropServices.Marshal`).</summary>
        public static bool IsMemoryFree(string receiver, string methodName)
        {
            foreach (var family in MemoryFamilies)
            {
                if (family.Free == methodName && receiver.EndsWith(family.TypeName, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static NativeApi InPlace(string lockName, string release, string releaseReturnType, params string[] creators) =>
            new NativeApi(lockName, NativeRole.InitializeInPlace, release, releaseReturnType, Expand(creators, NoSuffix), MemoryFamilies);

        private static NativeApi Handle(string lockName, string release, string releaseReturnType, string[] suffixes, params string[] creators) =>
            new NativeApi(lockName, NativeRole.CreateHandle, release, releaseReturnType, Expand(creators, suffixes), ImmutableArray<MemoryFamily>.Empty);

        private static ImmutableArray<string> Expand(string[] names, string[] suffixes)
        {
            var builder = ImmutableArray.CreateBuilder<string>(names.Length * suffixes.Length);
            foreach (var name in names)
            {
                foreach (var suffix in suffixes)
                {
                    builder.Add(name + suffix);
                }
            }

            return builder.MoveToImmutable();
        }

        private static Dictionary<string, NativeFunction> Build()
        {
            var map = new Dictionary<string, NativeFunction>(StringComparer.Ordinal);
            foreach (var row in Table)
            {
                foreach (var entryPoint in row.EntryPoints)
                {
                    map[entryPoint] = new NativeFunction(entryPoint, row.Role, row);
                }

                // One release may serve several rows (CloseHandle closes every handle): it is then named for what they share.
                map[row.Release] = map.TryGetValue(row.Release, out var shared) && shared.Api != row
                    ? new NativeFunction(row.Release, NativeRole.Release, row, "handle")
                    : new NativeFunction(row.Release, NativeRole.Release, row);
            }

            return map;
        }
    }
}
