using LockLeak.Catalog;
using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
{
    /// <summary>A newly created lock primitive found in a value: what was created, and whether on every path.</summary>
    internal sealed class Creation
    {
        public Creation(IOperation operation, LockKind kind, string name)
        {
            Operation = operation;
            Kind = kind;
            Name = name;
        }

        public IOperation Operation { get; }

        public LockKind Kind { get; }

        public string Name { get; }

        public bool Unconditional { get; set; } = true;

        public NativeFunction? Native { get; set; }

        public IMethodSymbol? NativeMethod { get; set; }

        public string ReleaseMethod { get; set; } = "Dispose";
    }
}
