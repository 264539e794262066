using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;

namespace LockLeak.Rules
{
    /// <summary>
    /// A type with a synchronous and an asynchronous disposal path, neither running the other, must release on both
    /// (SPEC, "What counts as released"): the path that never reaches a release the other one makes. Which paths exist and
    /// whether they are one is the <see cref="DisposalModel"/>'s answer; each release knows the path it was found on.
    /// </summary>
    internal static class DisposalPaths
    {
        /// <summary>The sync or async path that forgets <paramref name="lockInfo"/>, or null when both release it (or the type has one path).</summary>
        public static IMethodSymbol? Forgetting(DisposalModel model, OwnedLock lockInfo)
        {
            if (!model.BothPathsRelease || model.Sync is not { } sync || model.Async is not { } async)
            {
                return null;
            }

            var syncReleases = false;
            var asyncReleases = false;
            foreach (var release in lockInfo.Releases)
            {
                syncReleases |= model.IsSyncPath(release.Root);
                asyncReleases |= model.IsAsyncPath(release.Root);
            }

            return syncReleases == asyncReleases ? null : syncReleases ? async : sync;
        }
    }
}
