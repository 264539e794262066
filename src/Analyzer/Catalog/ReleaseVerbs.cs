using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LockLeak.Catalog
{
    /// <summary>
    /// The one definition of what releases a primitive by a call on it (Dispose, Close, DisposeAsync and the names
    /// lockleak.release_methods adds) and of which of a type's own methods are its release paths. Every stage that asks
    /// either question asks it here, so a release LCK002 accepts is one LCK004 and the parameter releases accept too.
    /// </summary>
    internal static class ReleaseVerbs
    {
        /// <summary>A call of this name on a primitive, wrapper or local releases it: Dispose, Close, DisposeAsync, or a configured release method.</summary>
        public static bool IsReleaseVerb(string name, LockLeakOptions options) =>
            name is "Dispose" or "Close" or "DisposeAsync" || options.ReleaseMethods.Contains(name);

        /// <summary>An instance call without arguments of a release verb: `_gate.Dispose()`, `_handle.Close()`, `_wrapper.Shutdown()` when configured.</summary>
        public static bool IsReleaseCall(IMethodSymbol method, LockLeakOptions options) =>
            !method.IsStatic && method.Parameters.Length == 0 && IsReleaseVerb(method.Name, options);

        /// <summary>
        /// Is this method of the type one of its release paths: Dispose(), Dispose(bool), DisposeAsync(), DisposeAsyncCore(),
        /// the finalizer, ReleaseHandle() of a SafeHandle, a configured release method, or an override of a base type's
        /// Dispose hook (OnDispose, DisposeManagedResources...).
        /// </summary>
        public static bool IsReleasePath(IMethodSymbol method, LockLeakOptions options, bool isSafeHandle)
        {
            if (method.MethodKind == MethodKind.Destructor)
            {
                return true;
            }

            if (method.IsStatic || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation))
            {
                return false;
            }

            var name = method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length > 0
                ? method.ExplicitInterfaceImplementations[0].Name
                : method.Name;
            switch (name)
            {
                case "Dispose" when method.Parameters.Length == 0:
                case "Dispose" when method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean:
                case "DisposeAsync" when method.Parameters.Length == 0:
                case "DisposeAsyncCore" when method.Parameters.Length == 0:
                    return true;
                case "ReleaseHandle" when method.IsOverride && isSafeHandle:
                    return true;
            }

            if (options.ReleaseMethods.Contains(name))
            {
                return true;
            }

            // An override of a protected virtual hook that a base type's Dispose calls (OnDispose, OnDisposing, DisposeManagedResources...).
            return method.IsOverride && name.IndexOf("Dispos", System.StringComparison.Ordinal) >= 0;
        }
    }
}
