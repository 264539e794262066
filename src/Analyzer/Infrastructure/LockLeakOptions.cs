using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Infrastructure
{
    /// <summary>The lockleak.* keys of .editorconfig / .globalconfig, read for the tree that declares a type.</summary>
    internal sealed class LockLeakOptions
    {
        public const string AdditionalLockTypesKey = "lockleak.additional_lock_types";
        public const string ReleaseMethodsKey = "lockleak.release_methods";
        public const string SlimNeedsWaitHandleKey = "lockleak.slim_needs_wait_handle";
        public const string HonorPeerSuppressionsKey = "lockleak.honor_peer_suppressions";

        public static readonly LockLeakOptions Default = new LockLeakOptions(
            ImmutableArray<string>.Empty, ImmutableHashSet<string>.Empty, slimNeedsWaitHandle: false, honorPeerSuppressions: true);

        private LockLeakOptions(ImmutableArray<string> additionalLockTypes, ImmutableHashSet<string> releaseMethods, bool slimNeedsWaitHandle, bool honorPeerSuppressions)
        {
            AdditionalLockTypes = additionalLockTypes;
            ReleaseMethods = releaseMethods;
            SlimNeedsWaitHandle = slimNeedsWaitHandle;
            HonorPeerSuppressions = honorPeerSuppressions;
        }

        public ImmutableArray<string> AdditionalLockTypes { get; }

        public ImmutableHashSet<string> ReleaseMethods { get; }

        public bool SlimNeedsWaitHandle { get; }

        public bool HonorPeerSuppressions { get; }

        public static LockLeakOptions Read(AnalyzerOptions options, SyntaxTree? tree)
        {
            var provider = options.AnalyzerConfigOptionsProvider;
            var config = tree is null ? provider.GlobalOptions : provider.GetOptions(tree);

            string? Get(string key) =>
                config.TryGetValue(key, out var value) || provider.GlobalOptions.TryGetValue(key, out value) ? value : null;

            var additional = Get(AdditionalLockTypesKey);
            var release = Get(ReleaseMethodsKey);
            var slim = Get(SlimNeedsWaitHandleKey);
            var honor = Get(HonorPeerSuppressionsKey);
            if (additional is null && release is null && slim is null && honor is null)
            {
                return Default;
            }

            return new LockLeakOptions(
                SplitList(additional).ToImmutableArray(),
                SplitList(release).ToImmutableHashSet(StringComparer.Ordinal),
                ParseBool(slim, false),
                ParseBool(honor, true));
        }

        /// <summary>
        /// Lists are comma separated, nothing else: .editorconfig cuts a value at `;` or `#` before any analyzer sees it, so
        /// splitting on `;` here only pretended to work. An entry that is still not one name is LCK900's to report.
        /// </summary>
        public static ImmutableArray<string> SplitList(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return ImmutableArray<string>.Empty;
            }

            var builder = ImmutableArray.CreateBuilder<string>();
            foreach (var part in value!.Split(','))
            {
                var entry = part.Trim();
                if (entry.Length > 0)
                {
                    builder.Add(entry);
                }
            }

            return builder.ToImmutable();
        }

        private static bool ParseBool(string? value, bool fallback) =>
            value is null ? fallback : bool.TryParse(value.Trim(), out var result) ? result : fallback;
    }
}
