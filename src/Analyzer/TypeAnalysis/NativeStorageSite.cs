using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
{
    /// <summary>Where a native lock passed to an initializer or a release lives, and how it was passed.</summary>
    internal readonly struct NativeStorageSite
    {
        public NativeStorageSite(ISymbol? member, string passing, string? path)
        {
            Member = member;
            Passing = passing;
            Path = path;
        }

        /// <summary>The type's own field or auto-property that holds the lock, or null when it is not the type's.</summary>
        public ISymbol? Member { get; }

        /// <summary>"ref", "value", "address", or "pinned" for a fixed-size buffer reached through a `fixed` pointer.</summary>
        public string Passing { get; }

        /// <summary>"_state.Gate" when the lock is a field of a struct-typed member; null when it is the member itself.</summary>
        public string? Path { get; }
    }
}
