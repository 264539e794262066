using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockLeak.CodeFixes
{
    /// <summary>
    /// LCK003: deletes the native lock (and frees the memory behind it) where Dispose(bool), Dispose or the
    /// finalizer runs, adding the Dispose pattern and the P/Invoke of the release when the type lacks them.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeleteNativeLockCodeFix))]
    [Shared]
    public sealed class DeleteNativeLockCodeFix : CodeFixProvider
    {
        /// <summary>One key for every LCK003 action, so Fix All gathers them all.</summary>
        public const string EquivalenceKey = "LockLeak.LCK003.DeleteNativeLock";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NativeLockNeverDeleted);

        public override FixAllProvider GetFixAllProvider() => NativeLockFixAllProvider.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var solution = context.Document.Project.Solution;
            foreach (var diagnostic in context.Diagnostics)
            {
                var request = await NativeLockFixer.ResolveAsync(solution, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (request is null || !NativeLockFixer.CanFix(request))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        NativeLockFixer.Title(request),
                        ct => NativeLockFixer.ApplyAsync(solution, new[] { diagnostic }, ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>Fix All for LCK003: every diagnostic of one type becomes one edit of that type, in any scope.</summary>
    internal sealed class NativeLockFixAllProvider : FixAllProvider
    {
        public static readonly NativeLockFixAllProvider Instance = new NativeLockFixAllProvider();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.Scope is not (FixAllScope.Document or FixAllScope.Project or FixAllScope.Solution))
            {
                return null;
            }

            var collected = await FixAllScopeDiagnostics.CollectAsync(fixAllContext).ConfigureAwait(false);
            var diagnostics = collected.Where(d => d.Id == DiagnosticIds.NativeLockNeverDeleted).ToList();
            if (diagnostics.Count == 0)
            {
                return null;
            }

            var solution = fixAllContext.Solution;
            return CodeAction.Create(
                "Delete every native lock that is never deleted",
                ct => NativeLockFixer.ApplyAsync(solution, diagnostics, ct),
                fixAllContext.CodeActionEquivalenceKey ?? DeleteNativeLockCodeFix.EquivalenceKey);
        }
    }
}
