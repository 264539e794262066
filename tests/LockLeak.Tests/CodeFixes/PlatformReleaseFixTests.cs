using System.Threading;
using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>
    /// A lock created under a platform check is released under the same check, built from the check the analyzer
    /// bound (the contract's PlatformCheck), not from the spelling of the condition: `RuntimeInformation.IsOSPlatform`,
    /// a `using static` call, and one field that holds a different native lock on each platform (issue 22).
    /// </summary>
    public class PlatformReleaseFixTests
    {
        private const string OneFieldTwoPlatforms = """
            using System;
            using System.Runtime.InteropServices;

            sealed class CrossLock : IDisposable
            {
                private IntPtr _lock;

                public CrossLock()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _lock = {|LCK003:CreateMutexW(IntPtr.Zero, false, null)|};
                    }
                    else
                    {
                        _lock = Marshal.AllocHGlobal(64);
                        {|LCK003:pthread_mutex_init(_lock, IntPtr.Zero)|};
                    }
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string? name);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);
            }
            """;

        private const string OneFieldTwoPlatformsFixed = """
            using System;
            using System.Runtime.InteropServices;

            sealed class CrossLock : IDisposable
            {
                private IntPtr _lock;

                public CrossLock()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _lock = CreateMutexW(IntPtr.Zero, false, null);
                    }
                    else
                    {
                        _lock = Marshal.AllocHGlobal(64);
                        pthread_mutex_init(_lock, IntPtr.Zero);
                    }
                }

                public void Dispose()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        if (_lock != IntPtr.Zero)
                        {
                            CloseHandle(_lock);
                            _lock = IntPtr.Zero;
                        }
                    }
                    else if (_lock != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_lock);
                        Marshal.FreeHGlobal(_lock);
                        _lock = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """;

        [Fact]
        public Task OneFieldTwoPlatforms_FixAllReleasesEachUnderItsCheckInOnePass()
        {
            var test = new LockLeakTest
            {
                TestCode = OneFieldTwoPlatforms,
                FixedCode = OneFieldTwoPlatformsFixed,
                NumberOfFixAllIterations = 1,
                NumberOfFixAllInDocumentIterations = 1,
                CodeActionEquivalenceKey = "LockLeak.LCK003.DeleteNativeLock",
            };
            return test.RunAsync(CancellationToken.None);
        }
    

        [Fact]
        public Task OneFieldTwoPlatforms_EachSingleFixReleasesBoth() => Verify.FixAsync(OneFieldTwoPlatforms, OneFieldTwoPlatformsFixed);

        [Fact]
        public Task CreatedUnderIsOSPlatform_ReleasedUnderTheSameCheck() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class WindowsGate : IDisposable
            {
                private IntPtr _handle;

                public WindowsGate()
                {
                    if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                    {
                        _handle = {|LCK003:CreateMutexW(IntPtr.Zero, false, null)|};
                    }
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string? name);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class WindowsGate : IDisposable
            {
                private IntPtr _handle;

                public WindowsGate()
                {
                    if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                    {
                        _handle = CreateMutexW(IntPtr.Zero, false, null);
                    }
                }

                public void Dispose()
                {
                    if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && _handle != IntPtr.Zero)
                    {
                        CloseHandle(_handle);
                        _handle = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task CreatedInTheElseOfAUsingStaticCheck_ReleasedUnderItsNegation() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using static System.OperatingSystem;

            sealed class PosixGate : IDisposable
            {
                private IntPtr _mutex;

                public PosixGate()
                {
                    if (IsWindows())
                    {
                        return;
                    }
                    else
                    {
                        _mutex = Marshal.AllocHGlobal(64);
                        {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                    }
                }

                public void Dispose()
                {
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;
            using static System.OperatingSystem;

            sealed class PosixGate : IDisposable
            {
                private IntPtr _mutex;

                public PosixGate()
                {
                    if (IsWindows())
                    {
                        return;
                    }
                    else
                    {
                        _mutex = Marshal.AllocHGlobal(64);
                        pthread_mutex_init(_mutex, IntPtr.Zero);
                    }
                }

                public void Dispose()
                {
                    if (!IsWindows() && _mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);
    }
}
