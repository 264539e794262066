namespace LockLeak.Rules
{
    /// <summary>The stable rule ids; docs, tests, suppressions and users depend on them.</summary>
    public static class DiagnosticIds
    {
        public const string TypeMustBeDisposable = "LCK001";
        public const string LockNotReleasedInDispose = "LCK002";
        public const string NativeLockNeverDeleted = "LCK003";
        public const string LockDroppedInConstructor = "LCK004";
        public const string LockReleasedOnSomePaths = "LCK005";
        public const string HandleFreeLockNeverDisposed = "LCK006";
        public const string ConfigurationNotUnderstood = "LCK900";

        public const string HelpLinkBase = "https://github.com/LockLeak/LockLeak/blob/main/docs/rules/";

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";
    }
}
