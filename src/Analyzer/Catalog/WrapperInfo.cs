namespace LockLeak.Catalog
{
    /// <summary>What makes a type of the compilation a wrapper: the primitive it holds, and the member that holds it.</summary>
    internal sealed class WrapperInfo
    {
        public static readonly WrapperInfo None = new WrapperInfo(null, null);

        public WrapperInfo(string? primitiveName, string? memberName)
        {
            PrimitiveName = primitiveName;
            MemberName = memberName;
        }

        public bool IsWrapper => PrimitiveName is not null;

        /// <summary>What the wrapper holds: "SemaphoreSlim" or "critical section".</summary>
        public string? PrimitiveName { get; }

        public string? MemberName { get; }

        public string Describe(string wrapperName) =>
            MemberName is null
                ? $"{wrapperName} (which holds a {PrimitiveName})"
                : $"{wrapperName} (which holds {PrimitiveName} '{MemberName}')";
    }
}
