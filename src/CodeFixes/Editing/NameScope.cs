using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LockLeak.CodeFixes.Editing
{
    /// <summary>Names already used where a loop variable goes (locals, parameters, members), so a new one does not clash.</summary>
    internal sealed class NameScope
    {
        private readonly HashSet<string> taken;

        public NameScope(IEnumerable<string> taken) => this.taken = new HashSet<string>(taken);

        public static NameScope For(INamedTypeSymbol type, SyntaxNode? method, params string[] more)
        {
            var names = new List<string>(type.MemberNames);
            names.AddRange(more);
            if (method is not null)
            {
                names.AddRange(method.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            }

            return new NameScope(names);
        }

        public string Reserve(string preferred)
        {
            var name = preferred;
            for (var i = 2; !taken.Add(name); i++)
            {
                name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }
    }
}
