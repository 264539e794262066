using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockLeak.Catalog;
using LockLeak.CodeFixes.Editing;
using LockLeak.CodeFixes.NativeRelease;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// SPEC, code fixes: the fix completes the type's own teardown in place. Where a disposal path already frees the
    /// lock's memory, the missing delete goes immediately before that free (in the same guard, block, `finally` or
    /// `lock`); where it already deletes, the missing free goes right after the delete (so before the reset); where
    /// it only resets the storage, the release goes before the reset; a value taken out by `Interlocked.Exchange` is
    /// released where the code frees it; a helper several paths call is edited once, in the helper.
    /// </summary>
    /// <remarks>
    /// TODO(issue 20, deliverable 4): the locations of the existing free, delete, reset and exchange are found here
    /// from syntax, in this one place, until the analyzer's disposal model carries them in <see cref="LockFix"/>;
    /// then this reads them from the contract instead.
    /// </remarks>
    internal static class ExistingTeardown
    {
        /// <summary>
        /// Records the edits that complete the existing teardown of <paramref name="request"/>'s lock; returns the
        /// methods edited, or null when the type has no teardown of this lock to complete (the caller places the
        /// release as before), or when one of its anchors cannot take a statement beside it.
        /// </summary>
        public static IReadOnlyList<string>? TryPlace(ReleaseRequest request, NativeReleaseStatements native, CancellationToken cancellationToken)
        {
            var fix = request.Fix;
            var needsDelete = fix.NeedsNativeRelease && native.Delete is not null;
            var needsFree = fix.Free is not null && native.Free is not null;
            if (!needsDelete && !needsFree)
            {
                return null;
            }

            var model = request.Editor.SemanticModel;
            var methods = TeardownMethods(request, model, cancellationToken);
            var frees = new List<(StatementSyntax Statement, string Name, BaseMethodDeclarationSyntax Method)>();
            var deletes = new List<(StatementSyntax Statement, string Name, BaseMethodDeclarationSyntax Method)>();
            var resets = new List<(StatementSyntax Statement, BaseMethodDeclarationSyntax Method)>();
            foreach (var method in methods)
            {
                var exchanged = ExchangedLocals(method, request.Member, model, cancellationToken);
                foreach (var statement in method.DescendantNodes().OfType<ExpressionStatementSyntax>())
                {
                    if (statement.Expression is InvocationExpressionSyntax invocation
                        && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol called
                        && invocation.ArgumentList.Arguments.Count >= 1
                        && Holder(invocation.ArgumentList.Arguments[0].Expression, request.Member, exchanged, model, cancellationToken) is { } name)
                    {
                        if (IsFree(called))
                        {
                            frees.Add((statement, name, method));
                        }
                        else if (IsDelete(called, fix.NativeRelease))
                        {
                            deletes.Add((statement, name, method));
                        }
                        else if (IsExchange(called) && name == request.Member.Name)
                        {
                            resets.Add((statement, method));
                        }
                    }
                    else if (statement.Expression is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                        && Holder(assignment.Left, request.Member, exchanged, model, cancellationToken) == request.Member.Name
                        && IsZero(assignment.Right, model, cancellationToken))
                    {
                        resets.Add((statement, method));
                    }
                }
            }

            var edits = new List<(StatementSyntax Anchor, bool After, IReadOnlyList<StatementSyntax> Statements, BaseMethodDeclarationSyntax Method)>();
            // The analyzer does not yet see every teardown path (a hook of any name): a free there is still the free to complete.
            if (needsDelete && frees.Count > 0)
            {
                edits.AddRange(frees.Select(f => (f.Statement, false, Bare(native.Delete!, request, f.Name, native, f.Statement), f.Method)));
            }
            else if (needsFree && !needsDelete && deletes.Count > 0)
            {
                foreach (var (delete, name, method) in deletes)
                {
                    // A native release is never written outside a guard: after an unguarded delete the free comes with its own.
                    if (Guarded(delete, name, method, request.Owner, model, cancellationToken))
                    {
                        edits.Add((delete, true, Bare(native.Free!, request, name, native, delete), method));
                    }
                    else if (!native.NeedsFlag && name == request.Member.Name)
                    {
                        edits.Add((delete, true, Unsafe(native.Statements, native, delete), method));
                    }
                    else
                    {
                        return null;
                    }
                }
            }
            else if (needsDelete && needsFree && frees.Count == 0 && deletes.Count == 0 && resets.Count > 0)
            {
                // A reset already under the storage's own check needs no second check; elsewhere the guarded release goes first.
                foreach (var (reset, method) in resets)
                {
                    var statements = UnderStorageCheck(reset, request.Member.Name)
                        ? Bare(native.Delete!, request, request.Member.Name, native, reset).Concat(Bare(native.Free!, request, request.Member.Name, native, reset)).ToList()
                        : Unsafe(native.Statements, native, reset);
                    edits.Add((reset, false, statements, method));
                }
            }

            if (edits.Count == 0 || edits.Any(e => e.Anchor.Parent is not BlockSyntax))
            {
                return null;
            }

            foreach (var (anchor, after, statements, _) in edits)
            {
                if (after)
                {
                    request.Editor.InsertAfter(anchor, statements);
                }
                else
                {
                    request.Editor.InsertBefore(anchor, statements);
                }
            }

            return edits.Select(e => model.GetDeclaredSymbol(e.Method, cancellationToken) is IMethodSymbol m ? Describe(m) : "the teardown").Distinct().ToList();
        }

        private static string Describe(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Destructor ? "the finalizer" : method.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";

        /// <summary>
        /// The owner's disposal entries (Dispose, Dispose(bool), DisposeAsync, DisposeAsyncCore, the finalizer,
        /// ReleaseHandle, explicit implementations, and its override of any base hook) and the methods of the type
        /// they call, each once: a helper several paths call is one method, edited once.
        /// </summary>
        private static IReadOnlyList<BaseMethodDeclarationSyntax> TeardownMethods(ReleaseRequest request, SemanticModel model, CancellationToken cancellationToken)
        {
            var tree = request.Editor.OriginalRoot.SyntaxTree;
            var result = new List<BaseMethodDeclarationSyntax>();
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var pending = new Queue<IMethodSymbol>(request.Owner.GetMembers().OfType<IMethodSymbol>().Where(IsEntry));
            while (pending.Count > 0)
            {
                var method = pending.Dequeue();
                if (!seen.Add(method.OriginalDefinition))
                {
                    continue;
                }

                foreach (var reference in method.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == tree))
                {
                    if (reference.GetSyntax(cancellationToken) is not BaseMethodDeclarationSyntax declaration)
                    {
                        continue;
                    }

                    result.Add(declaration);
                    foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
                    {
                        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol called
                            && SymbolEqualityComparer.Default.Equals(called.ContainingType, request.Owner)
                            && !called.IsExtern && called.MethodKind == MethodKind.Ordinary)
                        {
                            pending.Enqueue(called);
                        }
                    }
                }
            }

            return result;
        }

        private static bool IsEntry(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Destructor
            || method.Name is "Dispose" or "DisposeAsync" or "DisposeAsyncCore" or "ReleaseHandle"
            || method.ExplicitInterfaceImplementations.Any(i => i.Name is "Dispose" or "DisposeAsync")
            || (method.IsOverride && method.MethodKind == MethodKind.Ordinary && method.ReturnsVoid && method.Parameters.Length == 0);

        /// <summary>Locals that hold the value `Interlocked.Exchange(ref member, …)` took out.</summary>
        private static Dictionary<ISymbol, string> ExchangedLocals(BaseMethodDeclarationSyntax method, ISymbol member, SemanticModel model, CancellationToken cancellationToken)
        {
            var result = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
            foreach (var declarator in method.DescendantNodes().OfType<VariableDeclaratorSyntax>())
            {
                if (declarator.Initializer?.Value is InvocationExpressionSyntax invocation
                    && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol called
                    && IsExchange(called)
                    && invocation.ArgumentList.Arguments.Count == 2
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Symbol, member)
                    && model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local)
                {
                    result[local] = local.Name;
                }
            }

            return result;
        }

        /// <summary>The name that holds the lock in <paramref name="expression"/> (the member, or a local exchanged out of it), casts and `&amp;` aside.</summary>
        private static string? Holder(ExpressionSyntax expression, ISymbol member, Dictionary<ISymbol, string> exchanged, SemanticModel model, CancellationToken cancellationToken)
        {
            while (true)
            {
                switch (expression)
                {
                    case CastExpressionSyntax cast:
                        expression = cast.Expression;
                        continue;
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } address:
                        expression = address.Operand;
                        continue;
                }

                break;
            }

            if (expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }))
            {
                return null;
            }

            var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
            if (SymbolEqualityComparer.Default.Equals(symbol, member))
            {
                return member.Name;
            }

            return symbol is not null && exchanged.TryGetValue(symbol, out var name) ? name : null;
        }

        private static bool IsFree(IMethodSymbol method) =>
            NativeApi.MemoryFamilies.Any(family => family.Free == method.Name && method.ContainingType.ToDisplayString() == family.TypeMetadataName);

        private static bool IsDelete(IMethodSymbol method, string? release) =>
            release is not null && (method.GetDllImportData()?.EntryPointName ?? method.Name) == release;

        private static bool IsExchange(IMethodSymbol method) =>
            method.Name == "Exchange" && method.ContainingType.ToDisplayString() == "System.Threading.Interlocked";

        private static bool IsZero(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
        {
            if (value.IsKind(SyntaxKind.NullLiteralExpression) || value.IsKind(SyntaxKind.DefaultLiteralExpression) || value is DefaultExpressionSyntax)
            {
                return true;
            }

            if (model.GetConstantValue(value, cancellationToken) is { HasValue: true, Value: { } constant })
            {
                return constant is 0 or 0L;
            }

            return value is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Zero" };
        }

        /// <summary>
        /// Whether a second run of the path cannot reach <paramref name="statement"/> again: ReleaseHandle (the runtime
        /// calls it once), an enclosing `if` that checks the storage or a bool field (the disposed flag), or an earlier
        /// `if (flag) return;` of the method.
        /// </summary>
        private static bool Guarded(StatementSyntax statement, string holder, BaseMethodDeclarationSyntax method, INamedTypeSymbol owner, SemanticModel model, CancellationToken cancellationToken)
        {
            if (method is MethodDeclarationSyntax { Identifier.ValueText: "ReleaseHandle" })
            {
                return true;
            }

            bool ChecksStateOrFlag(ExpressionSyntax condition) =>
                condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == holder
                    || (model.GetSymbolInfo(n, cancellationToken).Symbol is IFieldSymbol { Type.SpecialType: SpecialType.System_Boolean } field
                        && SymbolEqualityComparer.Default.Equals(field.ContainingType, owner)));

            if (statement.Ancestors().TakeWhile(a => a != method).OfType<IfStatementSyntax>().Any(i => ChecksStateOrFlag(i.Condition)))
            {
                return true;
            }

            var top = statement.AncestorsAndSelf().OfType<StatementSyntax>().LastOrDefault(a => a.Parent == method.Body);
            return method.Body is { } body && top is not null && body.Statements.TakeWhile(s => s != top).OfType<IfStatementSyntax>()
                .Any(i => ChecksStateOrFlag(i.Condition) && i.Statement.DescendantNodesAndSelf().Any(n => n is ReturnStatementSyntax or ThrowStatementSyntax));
        }

        /// <summary>Whether <paramref name="statement"/> runs only when an enclosing `if` has checked the storage.</summary>
        private static bool UnderStorageCheck(StatementSyntax statement, string member) =>
            statement.Ancestors().TakeWhile(a => a is not BaseMethodDeclarationSyntax).OfType<IfStatementSyntax>()
                .Any(i => i.Condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == member));

        /// <summary>The missing call on the name the anchor uses, in an unsafe block where it names pointers outside an unsafe context.</summary>
        private static IReadOnlyList<StatementSyntax> Bare(StatementSyntax call, ReleaseRequest request, string name, NativeReleaseStatements native, StatementSyntax anchor)
        {
            if (name != request.Member.Name)
            {
                call = call.ReplaceNodes(
                    call.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == request.Member.Name),
                    (original, _) => IdentifierName(name).WithTriviaFrom(original));
            }

            return Unsafe(new[] { call }, native, anchor);
        }

        private static IReadOnlyList<StatementSyntax> Unsafe(IReadOnlyList<StatementSyntax> statements, NativeReleaseStatements native, SyntaxNode anchor)
        {
            var inUnsafe = anchor.AncestorsAndSelf().Any(n => n is UnsafeStatementSyntax
                || (n is MemberDeclarationSyntax m && m.Modifiers.Any(SyntaxKind.UnsafeKeyword)));
            return !native.UsesPointers || inUnsafe
                ? statements
                : new[] { (StatementSyntax)UnsafeStatement(Block(statements)).WithAdditionalAnnotations(Formatter.Annotation) };
        }
    }
}
