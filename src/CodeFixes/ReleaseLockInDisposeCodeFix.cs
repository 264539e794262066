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
    /// LCK001, LCK002 and LCK006: releases a managed lock primitive or wrapper the type owns, in the Dispose the type
    /// already has, in an override of its base type's Dispose(bool), or in a Dispose this fix adds.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReleaseLockInDisposeCodeFix)), Shared]
    public sealed class ReleaseLockInDisposeCodeFix : CodeFixProvider
    {
        /// <summary>The equivalence key of the LCK001 fix: make the type disposable and release the primitive.</summary>
        public const string MakeDisposableKey = ReleaseFixKeys.MakeDisposable;

        /// <summary>The equivalence key of the LCK002 fix: release the primitive in the type's Dispose.</summary>
        public const string ReleaseInDisposeKey = ReleaseFixKeys.ReleaseInDispose;

        /// <summary>The equivalence key of the LCK006 fix: dispose a primitive that holds no OS handle (safe after the last waiter).</summary>
        public const string DisposeAfterLastWaiterKey = ReleaseFixKeys.DisposeAfterLastWaiter;

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.TypeMustBeDisposable, DiagnosticIds.LockNotReleasedInDispose, DiagnosticIds.HandleFreeLockNeverDisposed);

        public override FixAllProvider GetFixAllProvider() => ReleaseLockFixAllProvider.Instance;

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => ReleaseCodeActions.RegisterAsync(context);
    }
}
