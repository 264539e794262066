using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockLeak.CodeFixes.FixAll
{
    /// <summary>The diagnostics a Fix All covers in its scope (document, project or every project of the solution).</summary>
    internal static class FixAllScopeDiagnostics
    {
        public static async Task<ImmutableArray<Diagnostic>> CollectAsync(FixAllContext context)
        {
            var all = ImmutableArray.CreateBuilder<Diagnostic>();
            switch (context.Scope)
            {
                case FixAllScope.Document when context.Document is not null:
                    all.AddRange(await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    all.AddRange(await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in context.Solution.Projects)
                    {
                        context.CancellationToken.ThrowIfCancellationRequested();
                        all.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }

                    break;
            }

            return all.ToImmutable();
        }
    }
}
