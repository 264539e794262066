using System.Collections.Generic;
using System.Linq;
using LockLeak.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.ManagedRelease
{
    /// <summary>The release of a managed primitive or wrapper: `_gate.Dispose();`, `_gate?.Dispose();`, an awaited DisposeAsync, a foreach.</summary>
    internal static class ManagedReleaseStatements
    {
        /// <summary>Null when the release needs an await the method cannot have, or the collection's elements cannot be named.</summary>
        public static StatementSyntax? Release(ReleaseRequest request, bool inAsyncMethod, NameScope names, string newLine)
        {
            if (request.Fix.ReleasesAsync && !inAsyncMethod)
            {
                return null;
            }

            // `this.` keeps the member bound to the field even next to a same-named local; the simplifier drops it otherwise.
            var member = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ThisExpression(), IdentifierName(request.Member.Name))
                .WithAdditionalAnnotations(Simplifier.Annotation);

            StatementSyntax statement;
            if (request.Fix.IsCollection)
            {
                // A dictionary of locks holds them as its values (the analyzer's word): `foreach (var gate in _gates.Values)`.
                var iterated = request.Fix.CollectionValues ? ValuesOf(request.MemberType) : request.MemberType;
                if (iterated is null || ElementType(iterated) is not { } element)
                {
                    return null;
                }

                var name = names.Reserve(LoopVariableName(request.Member.Name));
                var item = IdentifierName(name);
                ExpressionSyntax collection = request.Fix.CollectionValues
                    ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, member, IdentifierName("Values"))
                    : member;
                var loop = ForEachStatement(
                    IdentifierName("var"),
                    Identifier(name),
                    collection,
                    Block(ReleaseCall(item, element.NullableAnnotation == NullableAnnotation.Annotated, request.Fix.ReleasesAsync, DisposesOnlyAsInterface(element, request))));
                statement = request.MemberType.NullableAnnotation == NullableAnnotation.Annotated
                    ? IfStatement(NotNull(member), Block(loop))
                    : loop;
            }
            else
            {
                statement = ReleaseCall(member, request.Fix.MayBeNull, request.Fix.ReleasesAsync, DisposesOnlyAsInterface(request.MemberType, request));
            }

            // A fixed line break (not an elastic one) keeps the formatter from adding a blank line after a
            // foreach when several releases are inserted at once, so Fix All writes what one fix at a time writes.
            return statement.WithTrailingTrivia(EndOfLine(newLine)).WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>
        /// The type implements IDisposable explicitly (or its Dispose is not accessible here): `x.Dispose()` would not
        /// compile (CS1061 / CS0122), so the release goes through the interface.
        /// </summary>
        private static bool DisposesOnlyAsInterface(ITypeSymbol type, ReleaseRequest request)
        {
            var compilation = request.Editor.SemanticModel.Compilation;
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var candidate in current.GetMembers("Dispose"))
                {
                    if (candidate is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary, Parameters.Length: 0 } dispose
                        && compilation.IsSymbolAccessibleWithin(dispose, request.Owner))
                    {
                        return false;
                    }
                }
            }

            return type.TypeKind is TypeKind.Class or TypeKind.Struct && type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable);
        }

        private static StatementSyntax ReleaseCall(ExpressionSyntax target, bool mayBeNull, bool isAsync, bool asInterface)
        {
            if (asInterface && !isAsync)
            {
                var disposable = ParseTypeName("System.IDisposable").WithAdditionalAnnotations(Simplifier.Annotation);
                return mayBeNull
                    ? ExpressionStatement(ConditionalAccessExpression(
                        ParenthesizedExpression(BinaryExpression(SyntaxKind.AsExpression, target, disposable)),
                        InvocationExpression(MemberBindingExpression(IdentifierName("Dispose")))))
                    : ExpressionStatement(InvocationExpression(MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression, ParenthesizedExpression(CastExpression(disposable, target)), IdentifierName("Dispose"))));
            }

            if (isAsync)
            {
                var awaited = ExpressionStatement(AwaitExpression(InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, IdentifierName("DisposeAsync")))));
                return mayBeNull ? IfStatement(NotNull(target), Block(awaited)) : awaited;
            }

            return mayBeNull
                ? ExpressionStatement(ConditionalAccessExpression(target, InvocationExpression(MemberBindingExpression(IdentifierName("Dispose")))))
                : ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, IdentifierName("Dispose"))));
        }

        private static ExpressionSyntax NotNull(ExpressionSyntax target) =>
            BinaryExpression(SyntaxKind.NotEqualsExpression, target, LiteralExpression(SyntaxKind.NullLiteralExpression));

        /// <summary>The element a foreach over <paramref name="type"/> yields: of an array, or the T of the IEnumerable&lt;T&gt; it is or implements.</summary>
        private static ITypeSymbol? ElementType(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType;
            }

            var enumerables = (type is INamedTypeSymbol self ? new[] { self } : System.Array.Empty<INamedTypeSymbol>()).Concat(type.AllInterfaces)
                .Where(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                .Select(i => i.TypeArguments[0])
                .Distinct<ITypeSymbol>(SymbolEqualityComparer.IncludeNullability)
                .ToList();
            return enumerables.Count == 1 ? enumerables[0] : null;
        }

        /// <summary>The type of the dictionary's `Values`: declared on the type, a base, or (for an interface-typed member) an interface.</summary>
        private static ITypeSymbol? ValuesOf(ITypeSymbol dictionary)
        {
            var owners = new List<ITypeSymbol>();
            for (var current = dictionary; current is not null; current = current.BaseType)
            {
                owners.Add(current);
            }

            owners.AddRange(dictionary.AllInterfaces);
            return owners.SelectMany(t => t.GetMembers("Values")).OfType<IPropertySymbol>().FirstOrDefault(p => !p.IsStatic && !p.IsIndexer && p.GetMethod is not null)?.Type;
        }

        /// <summary>`_stripes` gives `stripe`, `Gates` gives `gate`; anything that is not a plain identifier gives `item`.</summary>
        private static string LoopVariableName(string member)
        {
            var name = member.StartsWith("m_", System.StringComparison.Ordinal) ? member.Substring(2) : member.TrimStart('_');
            if (name.Length > 3 && (name.EndsWith("xes", System.StringComparison.Ordinal) || name.EndsWith("sses", System.StringComparison.Ordinal)
                || name.EndsWith("tches", System.StringComparison.Ordinal)))
            {
                // `_mutexes` gives `mutex`, `_latches` `latch`, not `mutexe`.
                name = name.Substring(0, name.Length - 2);
            }
            else if (name.Length > 1 && name.EndsWith("s", System.StringComparison.Ordinal) && !name.EndsWith("ss", System.StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - 1);
            }

            if (name.Length == 0 || !SyntaxFacts.IsValidIdentifier(name) || name == member)
            {
                return "item";
            }

            name = char.ToLowerInvariant(name[0]) + name.Substring(1);
            return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "item" : name;
        }
    }
}
