using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace LockLeak.PackageTests.Infrastructure
{
    /// <summary>A span of a source file marked <c>{|tag:text|}</c>, with the 1-based line and column the compiler prints.</summary>
    public sealed record MarkedSpan(string Tag, TextSpan Span, int Line, int Column, int EndLine, int EndColumn);

    /// <summary>Source text with <c>{|tag:text|}</c> markers (no nesting), as the unit tests write expected diagnostics.</summary>
    public sealed class Markup
    {
        private Markup(string text, IReadOnlyList<MarkedSpan> spans)
        {
            Text = text;
            Spans = spans;
        }

        /// <summary>The source without its markers, as written to disk.</summary>
        public string Text { get; }

        public IReadOnlyList<MarkedSpan> Spans { get; }

        public static Markup Parse(string markup)
        {
            // The same bytes on every OS, whatever line endings a checkout gave this file's raw strings.
            markup = markup.Replace("\r\n", "\n", StringComparison.Ordinal);
            var text = new StringBuilder();
            var spans = new List<(string Tag, int Start, int End)>();
            (string Tag, int Start)? open = null;
            for (var i = 0; i < markup.Length; i++)
            {
                if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
                {
                    if (open is not null)
                    {
                        throw new FormatException($"Nested marker at offset {i}.");
                    }

                    var colon = markup.IndexOf(':', i + 2);
                    open = (markup.Substring(i + 2, colon - i - 2), text.Length);
                    i = colon;
                }
                else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open is { } current)
                {
                    spans.Add((current.Tag, current.Start, text.Length));
                    open = null;
                    i++;
                }
                else
                {
                    text.Append(markup[i]);
                }
            }

            if (open is not null)
            {
                throw new FormatException($"Unclosed marker '{open.Value.Tag}'.");
            }

            var source = SourceText.From(text.ToString());
            var marked = new List<MarkedSpan>();
            foreach (var (tag, start, end) in spans)
            {
                var span = TextSpan.FromBounds(start, end);
                var lines = source.Lines.GetLinePositionSpan(span);
                marked.Add(new MarkedSpan(tag, span, lines.Start.Line + 1, lines.Start.Character + 1, lines.End.Line + 1, lines.End.Character + 1));
            }

            return new Markup(text.ToString(), marked);
        }

        public IEnumerable<MarkedSpan> Tagged(string tag)
        {
            foreach (var span in Spans)
            {
                if (span.Tag == tag)
                {
                    yield return span;
                }
            }
        }

        public MarkedSpan Single(string tag)
        {
            MarkedSpan? found = null;
            foreach (var span in Tagged(tag))
            {
                if (found is not null)
                {
                    throw new InvalidOperationException($"More than one span tagged '{tag}'.");
                }

                found = span;
            }

            return found ?? throw new InvalidOperationException($"No span tagged '{tag}'.");
        }
    }
}
