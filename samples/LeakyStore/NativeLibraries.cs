using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace LeakyStore
{
    /// <summary>
    /// The POSIX contexts import from "libc". macOS resolves that name itself; on glibc the library is libc.so.6,
    /// and a bare "libc.so" is a linker script (when it exists at all), so the name is mapped here.
    /// </summary>
    internal static class NativeLibraries
    {
        private static int registered;

        public static void Register()
        {
            if (System.Threading.Interlocked.Exchange(ref registered, 1) == 0)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
            }
        }

        private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (libraryName == "libc" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var handle))
            {
                return handle;
            }

            // Zero: the runtime's own probing decides (musl, macOS, Windows).
            return IntPtr.Zero;
        }
    }
}
