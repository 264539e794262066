using System;
using System.Runtime.InteropServices;

namespace LeakyStore
{
    /// <summary>
    /// The size of the OS lock a store context allocates: the C type's sizeof on the ABI this process runs on.
    /// There is no runtime query for it, so it comes from the platform headers (glibc bits/pthreadtypes-arch.h,
    /// musl alltypes.h, macOS sys/_pthread/_pthread_types.h, Windows minwinbase.h).
    /// </summary>
    internal static class NativeLockLayout
    {
        public static int Size { get; } = ComputeSize();

        /// <summary>The C type the contexts allocate on this OS.</summary>
        public static string TypeName => OperatingSystem.IsWindows() ? "CRITICAL_SECTION" : "pthread_mutex_t";

        private static int ComputeSize()
        {
            var architecture = RuntimeInformation.ProcessArchitecture;
            if (OperatingSystem.IsWindows())
            {
                return IntPtr.Size == 8 ? 40 : 24;
            }

            if (OperatingSystem.IsMacOS() && IntPtr.Size == 8)
            {
                // struct _opaque_pthread_mutex_t { long __sig; char __opaque[56]; } on x64 and arm64.
                return 64;
            }

            if (OperatingSystem.IsLinux())
            {
                var musl = RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase);
                switch (architecture)
                {
                    case Architecture.X64:
                        return 40;
                    case Architecture.Arm64:
                        // glibc reserves 48 bytes on aarch64; musl uses 10 ints on every 64-bit target.
                        return musl ? 40 : 48;
                    case Architecture.X86:
                    case Architecture.Arm:
                        return 24;
                }
            }

            throw new PlatformNotSupportedException(
                $"LeakyStore knows the size of the native lock on Windows, macOS and Linux (x64, arm64, x86, arm), not on {RuntimeInformation.OSDescription} {architecture}.");
        }
    }
}
