using Microsoft.CodeAnalysis;

namespace LockLeak.Rules
{
    /// <summary>Every rule's descriptor, in one place, so ids, messages and help links cannot drift apart.</summary>
    public static class Descriptors
    {
        public const string Category = "Reliability";

        public static readonly DiagnosticDescriptor TypeMustBeDisposable = Create(
            DiagnosticIds.TypeMustBeDisposable,
            "Type that creates a lock primitive must be disposable",
            "'{0}' creates {1} '{2}' {3} but has no Dispose, DisposeAsync or finalizer to release it",
            "A type that creates a lock primitive (a semaphore, a mutex, a reader-writer lock, a wait handle, or an object that owns one) holds memory or a kernel handle for as long as the instance lives. Without Dispose, DisposeAsync or a finalizer nothing can ever release it, so every instance leaks.");

        public static readonly DiagnosticDescriptor LockNotReleasedInDispose = Create(
            DiagnosticIds.LockNotReleasedInDispose,
            "Lock primitive created by a type is not released by its Dispose",
            "'{0}' creates {1} '{2}' {3} but never releases it{4}",
            "The type creates a lock primitive and has a Dispose, DisposeAsync or finalizer, but no path of them releases the primitive, so every instance leaks it.");

        public static readonly DiagnosticDescriptor NativeLockNeverDeleted = Create(
            DiagnosticIds.NativeLockNeverDeleted,
            "Native critical section or OS lock is never deleted",
            "'{0}' initializes {1} '{2}' with {3} but never {4}",
            "A native lock initialized through P/Invoke (a critical section, a pthread mutex, an OS mutex, semaphore or event handle) must be deleted or closed, and the memory that holds it freed, in Dispose or the finalizer. Otherwise every instance leaks the lock and its memory for the life of the process.");

        public static readonly DiagnosticDescriptor LockDroppedInConstructor = Create(
            DiagnosticIds.LockDroppedInConstructor,
            "Lock primitive created in a constructor is dropped",
            "Constructor of '{0}' creates {1} {2} and drops it without storing or releasing it",
            "A constructor creates a lock primitive into a local or discards it, and neither stores it nor releases it. Nobody can release it afterwards, so every construction leaks it.");

        public static readonly DiagnosticDescriptor LockReleasedOnSomePaths = Create(
            DiagnosticIds.LockReleasedOnSomePaths,
            "Lock primitive is released on only some paths of Dispose",
            "'{0}' releases {1} '{2}' in '{3}' only when {4}; other calls of Dispose leak it",
            "The release of a lock primitive sits under a condition that is not a disposing, already-disposed or null check, or after an early return, so some calls of Dispose skip it and leak the primitive.");

        /// <summary>
        /// LCK006 is a suggestion: a warning means something is held, and these primitives hold no OS handle until their
        /// wait handle is asked for, while disposing one under a parked waiter strands it.
        /// </summary>
        public static readonly DiagnosticDescriptor HandleFreeLockNeverDisposed = Create(
            DiagnosticIds.HandleFreeLockNeverDisposed,
            "Lock primitive that holds no OS handle is never disposed",
            "'{0}' creates {1} '{2}' {3} but never disposes it{4}; it holds no OS handle, so dispose it only after the last waiter is done with it",
            "SemaphoreSlim, ManualResetEventSlim, CountdownEvent and Barrier allocate no OS handle unless their wait handle is read, so their Dispose frees nothing, and disposing one while a task is parked in WaitAsync strands that task forever. Dispose it once nothing can wait on it any more, or leave it undisposed on purpose.",
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor ConfigurationNotUnderstood = Create(
            DiagnosticIds.ConfigurationNotUnderstood,
            "LockLeak configuration is not understood",
            "LockLeak does not understand '{1}' in {0}: {2}",
            "A lockleak.* value in .editorconfig or .globalconfig that LockLeak cannot read would otherwise be ignored without a word, leaving the analysis on its defaults while the user believes it configured.");

        private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, DiagnosticSeverity severity = DiagnosticSeverity.Warning) =>
            new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                Category,
                severity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: DiagnosticIds.HelpLink(id));
    }
}
