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
    }
}
