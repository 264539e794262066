using System.Collections.Generic;
using System.Linq;

namespace LockLeak.PackageTests.Infrastructure
{
    /// <summary>
    /// The consumer's code. Tags LCK00x mark each diagnostic a default build must print, at the span the
    /// compiler reports; <c>pragma</c> and <c>attribute</c> mark the occurrences that the user suppressed.
    /// </summary>
    public static class ConsumerSources
    {
        public const string LeaksFileName = "Leaks.cs";

        public static readonly IReadOnlyList<string> ReportedIds = new[] { "LCK001", "LCK002", "LCK003" };

        /// <summary>Every rule the package ships (IdeWorkspaceTests checks it against the packed analyzers' own list).</summary>
        public static readonly IReadOnlyList<string> ShippedRuleIds = new[] { "LCK001", "LCK002", "LCK003", "LCK004", "LCK005", "LCK006", "LCK900" };

        /// <summary>
        /// The rules LockLeakSeverity sets: every rule but LCK900, which reports on the configuration rather than the code
        /// and stays a warning whatever the switch says (a misread option must not vanish from the build output).
        /// </summary>
        public static readonly IReadOnlyList<string> SeverityRuleIds = ShippedRuleIds.Where(id => id != "LCK900").ToArray();

        public const string SlimFileName = "Slim.cs";

        /// <summary>
        /// A SemaphoreSlim whose wait handle nothing reads: LCK006, a suggestion that a default build does not print, kept
        /// out of <see cref="Leaks"/> so that every host's view of that file stays the same.
        /// </summary>
        public static readonly Markup Slim = Markup.Parse("""
            using System.Threading;

            namespace Consumer
            {
                public class Throttle
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(4)|};

                    public void Enter() => _gate.Wait();
                }
            }
            """);

        public static readonly Markup Leaks = Markup.Parse("""
            using System;
            using System.Diagnostics.CodeAnalysis;
            using System.Runtime.InteropServices;
            using System.Threading;

            namespace Consumer
            {
                public static class Program
                {
                    public static void Main() => Console.WriteLine("LockLeak consumer");
                }

                public class MailboxIndex
                {
                    private readonly Mutex _gate = {|LCK001:new Mutex()|};

                    public bool TryEnter() => _gate.WaitOne(0);
                }

                public sealed class StoreCache : IDisposable
                {
                    private readonly ReaderWriterLockSlim _lock;

                    public StoreCache()
                    {
                        _lock = {|LCK002:new ReaderWriterLockSlim()|};
                    }

                    public void {|StoreCache.Dispose:Dispose|}()
                    {
                    }
                }

                public sealed class PragmaPair : IDisposable
                {
            #pragma warning disable LCK002
                    private readonly Semaphore _quiet = {|pragma:new Semaphore(1, 1)|};
            #pragma warning restore LCK002
                    private readonly Semaphore _loud = {|LCK002:new Semaphore(1, 1)|};

                    public void Dispose()
                    {
                    }
                }

                public sealed class AttributePair : IDisposable
                {
                    [SuppressMessage("Reliability", "LCK002", Justification = "Shared with a parked waiter.")]
                    private readonly Mutex _quiet = {|attribute:new Mutex()|};
                    private readonly Mutex _loud = {|LCK002:new Mutex()|};

                    public void Dispose()
                    {
                    }
                }

                public sealed class NativeStore : IDisposable
                {
                    private CRITICAL_SECTION _section;

                    public NativeStore()
                    {
                        {|LCK003:InitializeCriticalSection(ref _section)|};
                    }

                    public void Dispose()
                    {
                    }

                    [DllImport("kernel32.dll")]
                    private static extern void InitializeCriticalSection(ref CRITICAL_SECTION section);

                    [StructLayout(LayoutKind.Sequential)]
                    private struct CRITICAL_SECTION
                    {
                        public IntPtr DebugInfo;
                        public int LockCount;
                        public int RecursionCount;
                        public IntPtr OwningThread;
                        public IntPtr LockSemaphore;
                        public UIntPtr SpinCount;
                    }
                }
            }
            """);

        public const string OptionsFileName = "Options.cs";

        /// <summary>
        /// Code whose diagnostics depend on lockleak.* options: <c>gate</c> is a lock primitive only when
        /// lockleak.additional_lock_types names Consumer.Gate; <c>connection</c> is released only when
        /// lockleak.release_methods names Shutdown.
        /// </summary>
        public static readonly Markup Options = Markup.Parse("""
            using System;
            using System.Threading;

            namespace Consumer
            {
                public sealed class Gate : IDisposable
                {
                    public void Dispose()
                    {
                    }
                }

                public class GateHolder
                {
                    private readonly Gate _gate = {|gate:new Gate()|};

                    public Gate Current => _gate;
                }

                public class Connection
                {
                    private readonly Mutex _sendLock = {|connection:new Mutex()|};

                    public void Shutdown() => _sendLock.Dispose();
                }
            }
            """);

        /// <summary>Every (id, line, column) a default build of <see cref="Leaks"/> must report, and nothing else.</summary>
        public static IReadOnlyList<(string Id, int Line, int Column)> ExpectedLeaks() =>
            Leaks.Spans.Where(s => ReportedIds.Contains(s.Tag)).Select(s => (s.Tag, s.Line, s.Column)).OrderBy(d => d.Line).ToArray();
    }
}
