using System.Collections.Immutable;

namespace LockLeak.Catalog
{
    /// <summary>One allocation ↔ free family of the memory that may hold a native lock (a column of <see cref="NativeApi"/>).</summary>
    internal sealed class MemoryFamily
    {
        public MemoryFamily(string typeMetadataName, string free, params string[] allocations)
        {
            TypeMetadataName = typeMetadataName;
            TypeName = typeMetadataName.Substring(typeMetadataName.LastIndexOf('.') + 1);
            Free = free;
            Allocations = ImmutableArray.Create(allocations);
        }

        /// <summary>The type that declares both: "System.Runtime.InteropServices.Marshal".</summary>
        public string TypeMetadataName { get; }

        /// <summary>"Marshal", "NativeMemory".</summary>
        public string TypeName { get; }

        /// <summary>The methods that allocate memory of this family: "AllocHGlobal"; "Alloc", "AllocZeroed".</summary>
        public ImmutableArray<string> Allocations { get; }

        /// <summary>The method that frees it: "FreeHGlobal".</summary>
        public string Free { get; }

        /// <summary>How messages and the fix contract name the free: "Marshal.FreeHGlobal".</summary>
        public string FreeName => TypeName + "." + Free;
    }
}
