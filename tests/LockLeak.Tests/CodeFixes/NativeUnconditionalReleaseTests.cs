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
        public Task NativeCloseAfterLeaseCounterEarlyReturn_MovesBeforeIt() => Verify.FixAsync("""
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
                    if (_handle != IntPtr.Zero)
                    {
                        CloseHandle(_handle);
                        _handle = IntPtr.Zero;
                    }

                    if (--_leases > 1)
                    {
                        return;
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

        // The close sits in a helper that a lease counter's early return skips: Dispose gains it on that path, and both
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
                    if (_handle != IntPtr.Zero)
                    {
                        CloseHandle(_handle);
                        _handle = IntPtr.Zero;
                    }

                    if (Interlocked.Decrement(ref _leases) > 1)
                    {
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
    }
}
