namespace LockLeak.CodeFixes
{
    /// <summary>Names the code-fix assembly for tests and tooling that enumerate its providers.</summary>
    public static class CodeFixesAssemblyMarker
    {
    }
}
