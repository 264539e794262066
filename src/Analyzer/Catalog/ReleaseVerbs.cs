using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LockLeak.Catalog
{
    /// <summary>
    /// The one definition of what releases a primitive by a call on it (Dispose, Close, DisposeAsync and the names
    /// lockleak.release_methods adds). Every stage that asks it asks it here, so a release LCK002 accepts is one LCK004
    /// and the parameter releases accept too. Which of a type's own methods are its release paths is the type's disposal
    /// model's decision (TypeAnalysis.DisposalModel), not a name list here.
    /// </summary>
    internal static class ReleaseVerbs
    {
        /// <summary>A call of this name on a primitive, wrapper or local releases it: Dispose, Close, DisposeAsync, or a configured release method.</summary>
        public static bool IsReleaseVerb(string name, LockLeakOptions options) =>
            name is "Dispose" or "Close" or "DisposeAsync" || options.ReleaseMethods.Contains(name);

        /// <summary>An instance call without arguments of a release verb: `_gate.Dispose()`, `_handle.Close()`, `_wrapper.Shutdown()` when configured.</summary>
        public static bool IsReleaseCall(IMethodSymbol method, LockLeakOptions options) =>
            !method.IsStatic && method.Parameters.Length == 0 && IsReleaseVerb(method.Name, options);
    }
}
