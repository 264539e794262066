using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Infrastructure
{
    /// <summary>One lockleak.* value LockLeak cannot read: the key, the value (or the list entry) and what was expected.</summary>
    internal readonly struct OptionProblem : IEquatable<OptionProblem>
    {
        public OptionProblem(string key, string value, string expected)
        {
            Key = key;
            Value = value;
            Expected = expected;
        }

        public string Key { get; }

        public string Value { get; }

        public string Expected { get; }

        public bool Equals(OptionProblem other) => string.Equals(Key, other.Key, StringComparison.Ordinal) && string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is OptionProblem other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key) * 31 + StringComparer.Ordinal.GetHashCode(Value);
    }

    /// <summary>Reads one set of options the way <see cref="LockLeakOptions"/> does, and lists every lockleak.* value it would have to ignore.</summary>
    internal static class OptionProblems
    {
        private const string Prefix = "lockleak.";

        private const string KnownKeys =
            LockLeakOptions.AdditionalLockTypesKey + ", " + LockLeakOptions.ReleaseMethodsKey + ", "
            + LockLeakOptions.SlimNeedsWaitHandleKey + ", " + LockLeakOptions.HonorPeerSuppressionsKey;

        private static readonly string[] Known =
        {
            LockLeakOptions.AdditionalLockTypesKey, LockLeakOptions.ReleaseMethodsKey, LockLeakOptions.SlimNeedsWaitHandleKey, LockLeakOptions.HonorPeerSuppressionsKey,
        };

        public static void Collect(AnalyzerConfigOptions options, ICollection<OptionProblem> problems)
        {
            foreach (var key in KeysOf(options))
            {
                if (!key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || !options.TryGetValue(key, out var value))
                {
                    continue;
                }

                switch (key.ToLowerInvariant())
                {
                    case LockLeakOptions.SlimNeedsWaitHandleKey:
                        CheckBool(key, value, "false", problems);
                        break;
                    case LockLeakOptions.HonorPeerSuppressionsKey:
                        CheckBool(key, value, "true", problems);
                        break;
                    case LockLeakOptions.AdditionalLockTypesKey:
                        foreach (var name in LockLeakOptions.SplitList(value))
                        {
                            if (!IsMetadataName(name))
                            {
                                problems.Add(new OptionProblem(key, name, Describe(name)));
                            }
                        }

                        break;
                    case LockLeakOptions.ReleaseMethodsKey:
                        foreach (var name in LockLeakOptions.SplitList(value))
                        {
                            if (!IsIdentifier(name, 0, name.Length))
                            {
                                problems.Add(new OptionProblem(key, name, "expected a comma-separated list of method names, such as 'Close, Shutdown'; this entry never matches a method"));
                            }
                        }

                        break;
                    default:
                        problems.Add(new OptionProblem(key, value, "LockLeak has no such option; it reads " + KnownKeys));
                        break;
                }
            }
        }

        /// <summary>
        /// Every key of the options; a host whose options do not list their keys (AnalyzerConfigOptions.Keys is virtual,
        /// and its base throws) still gets the known keys' values checked, though a misspelt key cannot be found there.
        /// </summary>
        private static IEnumerable<string> KeysOf(AnalyzerConfigOptions options)
        {
            try
            {
                return options.Keys.ToList();
            }
            catch (Exception e) when (e is NotImplementedException or NotSupportedException)
            {
                return Known;
            }
        }

        private static void CheckBool(string key, string value, string fallback, ICollection<OptionProblem> problems)
        {
            if (!bool.TryParse(value.Trim(), out _))
            {
                problems.Add(new OptionProblem(key, value, "expected true or false; the default (" + fallback + ") applies"));
            }
        }

        private static string Describe(string name)
        {
            const string Expected = "expected a fully qualified metadata name such as 'MyCo.Threading.Gate' (a nested type as 'MyCo.Outer+Gate', a generic one as 'MyCo.Gate`1'), in a comma-separated list";
            if (name.StartsWith("global::", StringComparison.Ordinal))
            {
                return Expected + "; drop the 'global::'";
            }

            return name.IndexOf('.') < 0 && IsIdentifier(name, 0, name.Length)
                ? Expected + "; a name without its namespace is never resolved"
                : Expected;
        }

        /// <summary>`Namespace.Type`, `Namespace.Outer+Inner`, `Namespace.Gate`1`: what Compilation.GetTypeByMetadataName takes, with a namespace.</summary>
        private static bool IsMetadataName(string name)
        {
            var dots = 0;
            var start = 0;
            for (var i = 0; i <= name.Length; i++)
            {
                if (i < name.Length && name[i] != '.' && name[i] != '+')
                {
                    continue;
                }

                if (!IsSegment(name, start, i))
                {
                    return false;
                }

                if (i < name.Length && name[i] == '.')
                {
                    dots++;
                }

                start = i + 1;
            }

            return dots > 0;
        }

        /// <summary>An identifier, optionally followed by a generic arity (`Gate`1`).</summary>
        private static bool IsSegment(string name, int start, int end)
        {
            var tick = name.IndexOf('`', start, end - start);
            if (tick < 0)
            {
                return IsIdentifier(name, start, end);
            }

            if (tick + 1 >= end)
            {
                return false;
            }

            for (var i = tick + 1; i < end; i++)
            {
                if (name[i] < '0' || name[i] > '9')
                {
                    return false;
                }
            }

            return IsIdentifier(name, start, tick);
        }

        private static bool IsIdentifier(string name, int start, int end)
        {
            if (end <= start || !(char.IsLetter(name[start]) || name[start] == '_'))
            {
                return false;
            }

            for (var i = start + 1; i < end; i++)
            {
                if (!(char.IsLetterOrDigit(name[i]) || name[i] == '_'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
