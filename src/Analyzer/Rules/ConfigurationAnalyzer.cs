using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Rules
{
    /// <summary>
    /// LCK900: a lockleak.* value in .editorconfig or .globalconfig that LockLeak cannot read, reported once per
    /// compilation per key and value instead of being ignored without a word.
    /// </summary>
    /// <remarks>
    /// A syntax-tree action, not a compilation-end one: it runs with the first tree analysed, in a build and in the IDE's
    /// document analysis alike, where compilation-end actions wait for full-solution analysis. Trees usually share one
    /// options object (one per distinct set of matching sections), so each object is read once; the report goes to
    /// Location.None, which the driver accepts from a tree action, since the analyzer cannot know which configuration
    /// file the value came from.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConfigurationAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ConfigurationNotUnderstood);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var state = new CompilationReports();
                start.RegisterSyntaxTreeAction(tree =>
                {
                    var provider = tree.Options.AnalyzerConfigOptionsProvider;
                    state.Check(provider.GlobalOptions, tree);
                    state.Check(provider.GetOptions(tree.Tree), tree);
                });
            });
        }

        /// <summary>What one compilation has read and reported already.</summary>
        private sealed class CompilationReports
        {
            private readonly ConcurrentDictionary<AnalyzerConfigOptions, bool> read = new ConcurrentDictionary<AnalyzerConfigOptions, bool>();
            private readonly ConcurrentDictionary<OptionProblem, bool> reported = new ConcurrentDictionary<OptionProblem, bool>();

            public void Check(AnalyzerConfigOptions options, SyntaxTreeAnalysisContext context)
            {
                if (!read.TryAdd(options, true))
                {
                    return;
                }

                var problems = new List<OptionProblem>();
                OptionProblems.Collect(options, problems);
                foreach (var problem in problems)
                {
                    if (reported.TryAdd(problem, true))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.ConfigurationNotUnderstood, Location.None, problem.Key, problem.Value, problem.Expected));
                    }
                }
            }
        }
    }
}
