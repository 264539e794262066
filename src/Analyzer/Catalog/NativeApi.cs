using System;
using System.Collections.Generic;

namespace LockLeak.Catalog
{
    /// <summary>The table of SPEC.md: native lock creators and their releases.</summary>
    internal static class NativeApi
    {
        private static readonly Dictionary<string, NativeFunction> Functions = Build();

        public static NativeFunction? Find(string entryPoint)
        {
            if (Functions.TryGetValue(entryPoint, out var function))
            {
                return function;
            }

            // CreateMutexW, CreateEventA, CreateSemaphoreExW...: the A/W suffix selects the string encoding only.
            if (entryPoint.Length > 1 && (entryPoint[entryPoint.Length - 1] == 'A' || entryPoint[entryPoint.Length - 1] == 'W')
                && Functions.TryGetValue(entryPoint.Substring(0, entryPoint.Length - 1), out function))
            {
                return function;
            }

            return null;
        }

        private static Dictionary<string, NativeFunction> Build()
        {
            var map = new Dictionary<string, NativeFunction>(StringComparer.Ordinal);

            void Add(string entry, NativeRole role, string release, string lockName) =>
                map[entry] = new NativeFunction(entry, role, release, lockName);

            const string CriticalSection = "critical section";
            Add("InitializeCriticalSection", NativeRole.InitializeInPlace, "DeleteCriticalSection", CriticalSection);
            Add("InitializeCriticalSectionAndSpinCount", NativeRole.InitializeInPlace, "DeleteCriticalSection", CriticalSection);
            Add("InitializeCriticalSectionEx", NativeRole.InitializeInPlace, "DeleteCriticalSection", CriticalSection);
            Add("DeleteCriticalSection", NativeRole.Release, "DeleteCriticalSection", CriticalSection);

            Add("pthread_mutex_init", NativeRole.InitializeInPlace, "pthread_mutex_destroy", "pthread mutex");
            Add("pthread_mutex_destroy", NativeRole.Release, "pthread_mutex_destroy", "pthread mutex");
            Add("pthread_rwlock_init", NativeRole.InitializeInPlace, "pthread_rwlock_destroy", "pthread rwlock");
            Add("pthread_rwlock_destroy", NativeRole.Release, "pthread_rwlock_destroy", "pthread rwlock");
            Add("pthread_cond_init", NativeRole.InitializeInPlace, "pthread_cond_destroy", "pthread condition variable");
            Add("pthread_cond_destroy", NativeRole.Release, "pthread_cond_destroy", "pthread condition variable");
            Add("sem_init", NativeRole.InitializeInPlace, "sem_destroy", "POSIX semaphore");
            Add("sem_destroy", NativeRole.Release, "sem_destroy", "POSIX semaphore");

            Add("CreateMutex", NativeRole.CreateHandle, "CloseHandle", "native mutex handle");
            Add("CreateMutexEx", NativeRole.CreateHandle, "CloseHandle", "native mutex handle");
            Add("OpenMutex", NativeRole.CreateHandle, "CloseHandle", "native mutex handle");
            Add("CreateSemaphore", NativeRole.CreateHandle, "CloseHandle", "native semaphore handle");
            Add("CreateSemaphoreEx", NativeRole.CreateHandle, "CloseHandle", "native semaphore handle");
            Add("OpenSemaphore", NativeRole.CreateHandle, "CloseHandle", "native semaphore handle");
            Add("CreateEvent", NativeRole.CreateHandle, "CloseHandle", "native event handle");
            Add("CreateEventEx", NativeRole.CreateHandle, "CloseHandle", "native event handle");
            Add("OpenEvent", NativeRole.CreateHandle, "CloseHandle", "native event handle");
            Add("CloseHandle", NativeRole.Release, "CloseHandle", "handle");
            return map;
        }
    }
}
