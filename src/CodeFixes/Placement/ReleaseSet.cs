using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
    /// Everything one owner type must release, managed and native, before it is placed: managed releases are
    /// written per target (they depend on whether it is async), native ones once, with their guards.
    /// </summary>
    internal sealed class ReleaseSet
    {
        /// <summary>Per statement list and member: where its platform chain stands, and the platforms in it.</summary>
        private readonly Dictionary<(List<StatementSyntax>, string), (int Index, List<(LockFix Fix, ExpressionSyntax Platform, IReadOnlyList<StatementSyntax> Statements)> Parts)> platformChains =
            new Dictionary<(List<StatementSyntax>, string), (int, List<(LockFix, ExpressionSyntax, IReadOnlyList<StatementSyntax>)>)>();

        private ReleaseSet(INamedTypeSymbol owner, TypeDeclarationSyntax declaration, Microsoft.CodeAnalysis.Editing.DocumentEditor editor)
        {
            Owner = owner;
            Declaration = declaration;
            Editor = editor;
        }

        public INamedTypeSymbol Owner { get; }

        /// <summary>The part of the owner that new members go into.</summary>
        public TypeDeclarationSyntax Declaration { get; }

        public Microsoft.CodeAnalysis.Editing.DocumentEditor Editor { get; }

        /// <summary>Managed primitives and wrappers, released when disposing.</summary>
        public List<ReleaseRequest> Managed { get; } = new List<ReleaseRequest>();

        /// <summary>Calls of the type's own teardown methods that release managed primitives.</summary>
        public List<StatementSyntax> ManagedTeardown { get; } = new List<StatementSyntax>();

        /// <summary>Native releases guarded by their storage (or teardown calls): safe on every path, the finalizer's included.</summary>
        public List<StatementSyntax> Native { get; } = new List<StatementSyntax>();

        /// <summary>Native releases whose storage cannot be reset: they run under <see cref="Flag"/>.</summary>
        public List<StatementSyntax> Flagged { get; } = new List<StatementSyntax>();

        public DisposedFlag? Flag { get; private set; }

        /// <summary>The native statements name pointers: outside an unsafe context they go in an `unsafe` block.</summary>
        public bool UsesPointers { get; private set; }

        public List<string> Released { get; } = new List<string>();

        public bool HasNative => Native.Count > 0 || Flagged.Count > 0;

        public bool IsEmpty => Managed.Count == 0 && ManagedTeardown.Count == 0 && !HasNative && CompletedInPlace.Count == 0;

        /// <summary>The methods whose existing teardown the fix completed in place (already edited).</summary>
        public List<string> CompletedInPlace { get; } = new List<string>();

        /// <summary>Nothing is left to place: every release completed an existing teardown.</summary>
        public bool OnlyInPlace => Managed.Count == 0 && ManagedTeardown.Count == 0 && !HasNative && CompletedInPlace.Count > 0;

        /// <summary>"in Dispose() and the finalizer": where the in-place edits went, for the title.</summary>
        public string InPlaceWhere => "in " + string.Join(" and ", CompletedInPlace.Distinct());

        /// <summary>Null when a native release cannot be written, or a native lock sits where no guard can stop a second release.</summary>
        /// <param name="nativeTarget">The existing method native releases go into first, if any (it decides whether the type's flag can guard them).</param>
        public static async Task<ReleaseSet?> BuildAsync(ReleaseEditSession session, IReadOnlyList<ReleaseRequest> requests, IMethodSymbol? nativeTarget, CancellationToken cancellationToken)
        {
            var first = requests[0];
            var compilation = first.Editor.SemanticModel.Compilation;
            var set = new ReleaseSet(first.Owner, first.Declaration, first.Editor);
            var teardowns = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var request in requests)
            {
                // A late release moves to where it belongs, or the lock gets no fix: a release written anywhere else would run twice.
                var late = ExistingTeardown.IsLate(request.Fix);
                if (late && !request.Fix.IsNative)
                {
                    if (ExistingTeardown.TryMoveManaged(request, cancellationToken) is { } moved)
                    {
                        set.CompletedInPlace.AddRange(moved);
                        set.Released.Add(request.Member.Name);
                    }

                    continue;
                }

                if (!late && TeardownReuse.Find(request) is { } teardown)
                {
                    if (teardowns.Add(teardown))
                    {
                        var call = ExpressionStatement(InvocationExpression(IdentifierName(teardown.Name))).WithAdditionalAnnotations(Formatter.Annotation);
                        (request.Fix.IsNative ? set.Native : set.ManagedTeardown).Add(call);
                    }

                    set.Released.Add(request.Member.Name);
                    continue;
                }

                if (!request.Fix.IsNative)
                {
                    set.Managed.Add(request);
                    set.Released.Add(request.Member.Name);
                    continue;
                }

                // A readonly struct can hold neither a reset storage nor a flag: no release written there is safe to run twice;
                // nor is one outside the platform check the lock was created under, where that check cannot be written.
                // Asked before the statements are built, which may declare the release's P/Invoke: Fix All would keep that edit.
                var platform = PlatformGuard.ConditionOf(request.Fix, request.Editor.Generator, compilation, out var platformRebuilt);
                if (request.Owner.IsReadOnly || !platformRebuilt
                    || await NativeReleaseStatements.BuildAsync(session, compilation, request, cancellationToken).ConfigureAwait(false) is not { } native)
                {
                    continue;
                }

                if (ExistingTeardown.TryPlace(request, native, cancellationToken) is { } edited)
                {
                    set.CompletedInPlace.AddRange(edited);
                    set.Released.Add(request.Member.Name);
                    continue;
                }

                if (late)
                {
                    continue;
                }

                set.UsesPointers |= native.UsesPointers;
                var statements = native.Statements;
                if (native.NeedsFlag)
                {
                    set.Flag ??= DisposedFlag.For(request.Owner, nativeTarget);
                }

                var list = native.NeedsFlag ? set.Flagged : set.Native;
                if (platform is not null)
                {
                    set.AddOnPlatform(list, request.Fix, platform, statements);
                }
                else
                {
                    list.AddRange(statements);
                }

                set.Released.Add(request.Member.Name);
            }

            return set.IsEmpty ? null : set;
        }

        /// <summary>
        /// Adds the release of a lock created under a platform check, under the same check. The locks one member holds
        /// on different platforms are released in one `if`/`else` chain: the analyzer reads the branches as exclusive, so
        /// one platform's reset of the storage does not precede (and so void) the other platform's delete.
        /// </summary>
        private void AddOnPlatform(List<StatementSyntax> list, LockFix fix, ExpressionSyntax platform, IReadOnlyList<StatementSyntax> statements)
        {
            var key = (list, fix.Member);
            if (platformChains.TryGetValue(key, out var chain))
            {
                chain.Parts.Add((fix, platform, statements));
                list[chain.Index] = PlatformGuard.Chain(chain.Parts);
                return;
            }

            var parts = new List<(LockFix, ExpressionSyntax, IReadOnlyList<StatementSyntax>)> { (fix, platform, statements) };
            platformChains.Add(key, (list.Count, parts));
            list.Add(PlatformGuard.Chain(parts));
        }

        /// <summary>
        /// The native statements for a method written from scratch, or for an existing <paramref name="body"/> that the
        /// flag does not already guard: flagged releases under `if (!_disposed)`, in an `unsafe` block where needed.
        /// </summary>
        public IReadOnlyList<StatementSyntax> NativeStatements(SyntaxNode target, bool flaggedPlacedAlready = false)
        {
            var statements = new List<StatementSyntax>(Native);
            if (Flagged.Count > 0 && !flaggedPlacedAlready)
            {
                statements.Add(Flag!.Guard(Flagged));
            }

            return Unsafe(statements, target);
        }

        /// <summary>Wraps <paramref name="statements"/> in `unsafe { }` when they name pointers outside an unsafe context.</summary>
        public IReadOnlyList<StatementSyntax> Unsafe(IReadOnlyList<StatementSyntax> statements, SyntaxNode target)
        {
            if (!UsesPointers || statements.Count == 0 || InUnsafeContext(target))
            {
                return statements;
            }

            return new[] { (StatementSyntax)UnsafeStatement(Block(statements)).WithAdditionalAnnotations(Formatter.Annotation) };
        }

        /// <summary>Declares the flag the fix added, when one guards a release.</summary>
        public void DeclareFlag()
        {
            if (Flag is { Exists: false } flag && Flagged.Count > 0)
            {
                var anchor = Declaration.Members.LastOrDefault(m => m is FieldDeclarationSyntax);
                if (anchor is not null)
                {
                    Editor.InsertAfter(anchor, flag.Declaration());
                }
                else
                {
                    Editor.ReplaceNode(Declaration, (current, _) => ((TypeDeclarationSyntax)current).WithMembers(((TypeDeclarationSyntax)current).Members.Insert(0, flag.Declaration())));
                }
            }
        }

        private static bool InUnsafeContext(SyntaxNode node) =>
            node.AncestorsAndSelf().Any(n => n is UnsafeStatementSyntax
                || (n is MemberDeclarationSyntax member && member.Modifiers.Any(SyntaxKind.UnsafeKeyword)));
    }
}
