using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>The LCK005 fix on native releases: the release leaves the condition that can skip it, still safe to run twice.</summary>
    public class NativeUnconditionalReleaseTests
    {
        [Fact]
        public Task NativeDeleteUnderCompoundCondition_MovesOutWithItsResetGuardedByStorage() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _handle;
                private int _users;

                public Gate()
                {
                    _handle = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (_users == 0 && _handle != IntPtr.Zero)
                    {
                        {|LCK005:CloseHandle(_handle)|};
                        _handle = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _handle;
                private int _users;

                public Gate()
                {
                    _handle = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (_handle != IntPtr.Zero)
                    {
                        CloseHandle(_handle);
                        _handle = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        // A lease counter compared with anything but zero is reported; the close leaves the condition, whose test stays
        // where it ran (it decrements), and the close is guarded by its storage so a second Dispose closes nothing.
        [Fact]
        public Task NativeCloseUnderLeaseCounter_MovesOut() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Lease : IDisposable
            {
                private IntPtr _handle;
                private int _leases;

                public Lease()
                {
                    _handle = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (Interlocked.Decrement(ref _leases) == 1)
                    {
                        {|LCK005:CloseHandle(_handle)|};
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Lease : IDisposable
            {
                private IntPtr _handle;
                private int _leases;

                public Lease()
                {
                    _handle = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (Interlocked.Decrement(ref _leases) == 1)
                    {
                    }

                    if (_handle != IntPtr.Zero)
                    {
                        CloseHandle(_handle);
                        _handle = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task NativeCloseAfterLeaseCounterEarlyReturn_AddedBeforeTheReturnAndGuardedWhereItIs() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Lease : IDisposable
            {
                private IntPtr _handle;
                private int _leases;

                public Lease()
                {
                    _handle = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (--_leases > 1)
                    {
                        return;
                    }

                    {|LCK005:CloseHandle(_handle)|};
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Lease : IDisposable
            {
                private IntPtr _handle;
                private int _leases;

                public Lease()
                {
                    _handle = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (--_leases > 1)
                    {
                        if (_handle != IntPtr.Zero)
                        {
                            CloseHandle(_handle);
                            _handle = IntPtr.Zero;
                        }

                        return;
                    }

                    if (_handle != IntPtr.Zero)
                    {
                        CloseHandle(_handle);
                        _handle = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task NativeCloseUnderLeaseCounterInElse_MovesOut() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Lease : IDisposable
            {
                private IntPtr _handle;
                private int _leases;

                public Lease()
                {
                    _handle = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (_leases > 0)
                    {
                        _leases--;
                    }
                    else
                    {
                        {|LCK005:CloseHandle(_handle)|};
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Lease : IDisposable
            {
                private IntPtr _handle;
                private int _leases;

                public Lease()
                {
                    _handle = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (_leases > 0)
                    {
                        _leases--;
                    }
                    else
                    {
                    }

                    if (_handle != IntPtr.Zero)
                    {
                        CloseHandle(_handle);
                        _handle = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        // The close sits in a helper that a lease counter's early return skips: that return's path gains it, and both
        // copies are guarded by the storage they reset, so the first to run closes and the other closes nothing.
        [Fact]
        public Task NativeCloseInHelperUnderLeaseCounter_GuardedInBoth() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Lease : IDisposable
            {
                private IntPtr _handle;
                private int _leases;

                public Lease()
                {
                    _handle = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (Interlocked.Decrement(ref _leases) > 1)
                    {
                        return;
                    }

                    Close();
                }

                private void Close()
                {
                    {|LCK005:CloseHandle(_handle)|};
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Lease : IDisposable
            {
                private IntPtr _handle;
                private int _leases;

                public Lease()
                {
                    _handle = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (Interlocked.Decrement(ref _leases) > 1)
                    {
                        if (_handle != IntPtr.Zero)
                        {
                            CloseHandle(_handle);
                            _handle = IntPtr.Zero;
                        }

                        return;
                    }

                    Close();
                }

                private void Close()
                {
                    if (_handle != IntPtr.Zero)
                    {
                        CloseHandle(_handle);
                        _handle = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        /// <summary>
        /// A critical section deleted after an early return: the return's path gains the delete, with the free and the
        /// reset that follow it, guarded by the storage; the original becomes the same guarded group, so a first Dispose
        /// that returns early and a second that does not delete it once.
        /// </summary>
        [Fact]
        public Task DeleteCriticalSectionAfterEarlyReturn_AddedBeforeTheReturn() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            sealed class Store : IDisposable
            {
                private nint _section;
                private readonly List<string> _pending = new List<string>();

                public Store()
                {
                    _section = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_section);
                }

                public void Dispose()
                {
                    if (_pending.Count > 0)
                        return;

                    _pending.Clear();
                    {|LCK005:DeleteCriticalSection(_section)|};
                    Marshal.FreeHGlobal(_section);
                    _section = 0;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(nint section);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(nint section);
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            sealed class Store : IDisposable
            {
                private nint _section;
                private readonly List<string> _pending = new List<string>();

                public Store()
                {
                    _section = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_section);
                }

                public void Dispose()
                {
                    if (_pending.Count > 0)
                    {
                        if (_section != 0)
                        {
                            DeleteCriticalSection(_section);
                            Marshal.FreeHGlobal(_section);
                            _section = 0;
                        }

                        return;
                    }

                    _pending.Clear();
                    if (_section != 0)
                    {
                        DeleteCriticalSection(_section);
                        Marshal.FreeHGlobal(_section);
                        _section = 0;
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(nint section);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(nint section);
            }
            """);

        /// <summary>
        /// The early return's branch frees the memory itself: the delete goes before that free (never after it: a use
        /// after free), without a second free or reset, which the branch goes on to do.
        /// </summary>
        [Fact]
        public Task DeleteCriticalSectionAfterEarlyReturnThatFrees_AddedBeforeTheBranchsFree() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            sealed class Store : IDisposable
            {
                private nint _section;
                private readonly List<string> _pending = new List<string>();

                public Store()
                {
                    _section = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_section);
                }

                public void Dispose()
                {
                    if (_pending.Count > 0)
                    {
                        Console.WriteLine("abandoned");
                        Marshal.FreeHGlobal(_section);
                        _section = 0;
                        return;
                    }

                    {|LCK005:DeleteCriticalSection(_section)|};
                    Marshal.FreeHGlobal(_section);
                    _section = 0;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(nint section);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(nint section);
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            sealed class Store : IDisposable
            {
                private nint _section;
                private readonly List<string> _pending = new List<string>();

                public Store()
                {
                    _section = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_section);
                }

                public void Dispose()
                {
                    if (_pending.Count > 0)
                    {
                        Console.WriteLine("abandoned");
                        if (_section != 0)
                        {
                            DeleteCriticalSection(_section);
                        }

                        Marshal.FreeHGlobal(_section);
                        _section = 0;
                        return;
                    }

                    if (_section != 0)
                    {
                        DeleteCriticalSection(_section);
                        Marshal.FreeHGlobal(_section);
                        _section = 0;
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(nint section);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(nint section);
            }
            """);
    }
}
