using System;
using System.Collections.Generic;

namespace LockLeak.Infrastructure
{
    /// <summary>
    /// A set of names asked with a slice of a character buffer, so a text look asks about every identifier it reads
    /// without allocating a string for each. (`HashSet&lt;string&gt;.GetAlternateLookup` does this from .NET 9; the
    /// analyzer targets netstandard2.0.) Built once, then only read, from any thread.
    /// </summary>
    internal sealed class NameSet
    {
        private readonly Dictionary<int, string[]> byHash = new Dictionary<int, string[]>();

        public NameSet(IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                var hash = Hash(name.ToCharArray(), 0, name.Length);
                if (!byHash.TryGetValue(hash, out var bucket))
                {
                    byHash[hash] = new[] { name };
                }
                else if (Array.IndexOf(bucket, name) < 0)
                {
                    var grown = new string[bucket.Length + 1];
                    bucket.CopyTo(grown, 0);
                    grown[bucket.Length] = name;
                    byHash[hash] = grown;
                }
            }
        }

        public bool Contains(char[] chars, int start, int length)
        {
            if (!byHash.TryGetValue(Hash(chars, start, length), out var bucket))
            {
                return false;
            }

            foreach (var name in bucket)
            {
                if (Equals(name, chars, start, length))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Equals(string name, char[] chars, int start, int length)
        {
            if (name.Length != length)
            {
                return false;
            }

            for (var i = 0; i < length; i++)
            {
                if (name[i] != chars[start + i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int Hash(char[] chars, int start, int length)
        {
            var hash = unchecked((int)2166136261);
            for (var i = start; i < start + length; i++)
            {
                hash = unchecked((hash ^ chars[i]) * 16777619);
            }

            return hash;
        }
    }
}
