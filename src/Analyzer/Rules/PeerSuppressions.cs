using System;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Rules
{
    /// <summary>
    /// A member or type on which the user already suppressed the equivalent disposal rule of another analyzer
    /// (CA1001, CA2000, CA2213, IDISP001, IDISP002, IDISP006) is a deliberate decision: LockLeak does not repeat it.
    /// </summary>
    internal static class PeerSuppressions
    {
        private static readonly ImmutableArray<string> PeerIds = ImmutableArray.Create("CA1001", "CA2000", "CA2213", "IDISP001", "IDISP002", "IDISP006");

        public static bool IsSuppressed(ISymbol? member, ISymbol? containingMethod, INamedTypeSymbol type, params Location[] locations)
        {
            if (HasSuppressMessage(member) || HasSuppressMessage(containingMethod))
            {
                return true;
            }

            for (ISymbol? current = type; current is not null; current = current.ContainingType)
            {
                if (HasSuppressMessage(current))
                {
                    return true;
                }
            }

            foreach (var location in locations)
            {
                if (location.IsInSource && IsDisabledByPragma(location))
                {
                    return true;
                }
            }

            if (member is not null)
            {
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    if (IsDisabledByPragma(Location.Create(reference.SyntaxTree, reference.Span)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasSuppressMessage(ISymbol? symbol)
        {
            if (symbol is null)
            {
                return false;
            }

            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.Name is not ("SuppressMessageAttribute" or "UnconditionalSuppressMessageAttribute"))
                {
                    continue;
                }

                if (attribute.ConstructorArguments.Length >= 2 && attribute.ConstructorArguments[1].Value is string checkId && IsPeerId(checkId))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsPeerId(string checkId)
        {
            var separator = checkId.IndexOf(':');
            var id = (separator >= 0 ? checkId.Substring(0, separator) : checkId).Trim();
            return PeerIds.Contains(id, StringComparer.OrdinalIgnoreCase);
        }

        private static bool IsPragmaWarning(DirectiveTriviaSyntax directive) => directive is PragmaWarningDirectiveTriviaSyntax;

        private static bool IsDisabledByPragma(Location location)
        {
            var tree = location.SourceTree;
            if (tree is null || !tree.TryGetRoot(out var root) || !root.ContainsDirectives)
            {
                return false;
            }

            var disabled = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.OrdinalIgnoreCase);
            for (var directive = ((CSharpSyntaxNode)root).GetFirstDirective(IsPragmaWarning); directive is not null; directive = directive.GetNextDirective(IsPragmaWarning))
            {
                if (directive.SpanStart > location.SourceSpan.Start)
                {
                    break;
                }

                var pragma = (PragmaWarningDirectiveTriviaSyntax)directive;
                var disable = pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword);
                foreach (var code in pragma.ErrorCodes)
                {
                    var id = code.ToString().Trim();
                    if (!PeerIds.Contains(id, StringComparer.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    disabled = disable ? disabled.Add(id) : disabled.Remove(id);
                }
            }

            return !disabled.IsEmpty;
        }
    }
}
