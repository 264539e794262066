using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.NativeRelease
{
    /// <summary>
    /// The type's disposed flag, which guards a native release whose storage cannot be reset (a readonly field, an
    /// inline struct): the type's own when it has one, else one the fix adds.
    /// </summary>
    internal sealed class DisposedFlag
    {
        private static readonly string[] FlagNames = { "disposed", "isdisposed", "disposedvalue" };

        private DisposedFlag(string name, bool exists)
        {
            Name = name;
            Exists = exists;
        }

        public string Name { get; }

        /// <summary>False when the fix declares the field.</summary>
        public bool Exists { get; }

        /// <param name="target">The existing method the releases go into, if any: the type's flag guards them only when
        /// nothing else sets it first (a flag set in Dispose() before it calls Dispose(true) would skip the release).</param>
        public static DisposedFlag For(INamedTypeSymbol owner, IMethodSymbol? target)
        {
            var existing = owner.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => !f.IsStatic && !f.IsReadOnly && !f.IsImplicitlyDeclared
                && f.Type.SpecialType == SpecialType.System_Boolean && FlagNames.Contains(Normalize(f.Name)));
            if (existing is not null && SetOnlyIn(owner, existing.Name, target))
            {
                return new DisposedFlag(existing.Name, exists: true);
            }

            // A base type's flag of the same name may be visible: a name of the type's own avoids hiding it.
            var taken = new HashSet<string>(StringComparer.Ordinal);
            for (var type = owner; type is not null; type = type.BaseType)
            {
                taken.UnionWith(type.MemberNames);
            }

            var name = taken.Contains("_disposed") ? "_lockReleased" : "_disposed";
            for (var i = 2; taken.Contains(name); i++)
            {
                name = "_lockReleased" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return new DisposedFlag(name, exists: false);
        }

        /// <summary>`private bool _disposed;`.</summary>
        public FieldDeclarationSyntax Declaration() =>
            FieldDeclaration(VariableDeclaration(PredefinedType(Token(SyntaxKind.BoolKeyword)), SingletonSeparatedList(VariableDeclarator(Name))))
                .WithModifiers(TokenList(Token(SyntaxKind.PrivateKeyword)))
                .WithAdditionalAnnotations(Formatter.Annotation);

        /// <summary>`if (!_disposed) { releases; _disposed = true; }`.</summary>
        public StatementSyntax Guard(IEnumerable<StatementSyntax> releases) =>
            IfStatement(Not(), Block(releases.Concat(new[] { SetStatement() }))).WithAdditionalAnnotations(Formatter.Annotation);

        /// <summary>
        /// Puts the releases where the existing flag already guards them in <paramref name="body"/>: inside its
        /// `if (!_disposed)` block, or before the statement that sets it. Null when the body has neither.
        /// </summary>
        public BlockSyntax? InsertWhereGuarded(BlockSyntax body, IReadOnlyList<StatementSyntax> releases)
        {
            if (!Exists)
            {
                return null;
            }

            foreach (var statement in body.Statements)
            {
                if (statement is IfStatementSyntax { Else: null, Statement: BlockSyntax block } ifStatement && IsNotFlag(ifStatement.Condition))
                {
                    var set = block.Statements.IndexOf(IsSet);
                    var index = set >= 0 ? set : block.Statements.Count;
                    return body.ReplaceNode(block, block.WithStatements(block.Statements.InsertRange(index, releases)));
                }
            }

            // Set in this body: releasing just before the statement that sets it runs once, however the rest is guarded.
            var setIndex = body.Statements.IndexOf(s => s.DescendantNodesAndSelf().OfType<StatementSyntax>().Any(IsSet));
            if (setIndex >= 0)
            {
                var guarded = IfStatement(Not(), Block(releases)).WithAdditionalAnnotations(Formatter.Annotation);
                return body.WithStatements(body.Statements.Insert(setIndex, guarded));
            }

            return null;
        }

        private static bool SetOnlyIn(INamedTypeSymbol owner, string flag, IMethodSymbol? target)
        {
            var allowed = target?.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).ToList() ?? new List<SyntaxNode>();
            foreach (var reference in owner.DeclaringSyntaxReferences)
            {
                foreach (var assignment in reference.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    if (Named(assignment.Left) == flag && assignment.Right.IsKind(SyntaxKind.TrueLiteralExpression)
                        && !allowed.Any(a => a.SyntaxTree == assignment.SyntaxTree && a.Span.Contains(assignment.Span)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private ExpressionSyntax Not() => PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, IdentifierName(Name));

        private StatementSyntax SetStatement() =>
            ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(Name), LiteralExpression(SyntaxKind.TrueLiteralExpression)));

        private bool IsNotFlag(ExpressionSyntax condition) =>
            condition is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } negation && Named(negation.Operand) == Name;

        private bool IsSet(StatementSyntax statement) =>
            statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Right: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.TrueLiteralExpression } } assignment }
            && Named(assignment.Left) == Name;

        private static string? Named(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
            _ => null,
        };

        private static string Normalize(string name) =>
            (name.StartsWith("m_", StringComparison.Ordinal) ? name.Substring(2) : name.TrimStart('_')).ToLowerInvariant();
    }
}
