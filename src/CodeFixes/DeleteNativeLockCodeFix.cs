using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using LockLeak.CodeFixes.FixAll;
using LockLeak.Rules;
using Microsoft.CodeAnalysis;
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
        public const string EquivalenceKey = ReleaseFixKeys.DeleteNativeLock;

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NativeLockNeverDeleted);

        public override FixAllProvider GetFixAllProvider() => ReleaseLockFixAllProvider.Instance;

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => ReleaseCodeActions.RegisterAsync(context);
    }
}
