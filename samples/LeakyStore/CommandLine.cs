using System;
using System.Globalization;

namespace LeakyStore
{
    /// <summary>The demonstration's arguments: <c>[--opens &lt;count&gt;] [--json]</c>.</summary>
    internal sealed class CommandLine
    {
        public const int DefaultOpens = 250_000;

        public const string Usage = "usage: LeakyStore [--opens <count>] [--json]   (count: a whole number >= 1, default 250000)";

        private CommandLine(int opens, bool json, bool help)
        {
            Opens = opens;
            Json = json;
            Help = help;
        }

        public int Opens { get; }

        public bool Json { get; }

        public bool Help { get; }

        /// <summary>The parsed arguments, or null with <paramref name="error"/> saying what is wrong.</summary>
        public static CommandLine? Parse(string[] args, out string? error)
        {
            var opens = DefaultOpens;
            var json = false;
            var help = false;
            error = null;
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string? value = null;
                var separator = arg.IndexOf('=');
                if (arg.StartsWith("--", StringComparison.Ordinal) && separator > 0)
                {
                    value = arg.Substring(separator + 1);
                    arg = arg.Substring(0, separator);
                }

                switch (arg)
                {
                    case "--opens":
                        if (value is null)
                        {
                            if (i + 1 >= args.Length)
                            {
                                error = "--opens needs a count, for example --opens 100000.";
                                return null;
                            }

                            value = args[++i];
                        }

                        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out opens) || opens < 1)
                        {
                            error = $"--opens expects a whole number >= 1 (at most {int.MaxValue}), got '{value}'.";
                            return null;
                        }

                        break;
                    case "--json" when value is null:
                        json = true;
                        break;
                    case "--help" or "-h" or "-?" when value is null:
                        help = true;
                        break;
                    default:
                        error = $"unknown option '{args[i]}'.";
                        return null;
                }
            }

            return new CommandLine(opens, json, help);
        }
    }
}
