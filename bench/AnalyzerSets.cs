using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using LockLeak.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Bench
{
    /// <summary>A named group of analyzers measured together, and the rule ids it is there for.</summary>
    internal sealed record AnalyzerSet(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableHashSet<string> Rules);

    internal static class AnalyzerSets
    {
        public static readonly ImmutableHashSet<string> NetRules = ImmutableHashSet.Create("CA2213", "CA1001", "CA2000");

        public static readonly ImmutableHashSet<string> IdispRules = ImmutableHashSet.Create("IDISP001", "IDISP002", "IDISP006");

        public static AnalyzerSet LockLeak()
        {
            var analyzers = typeof(OwnedLockNotReleasedAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            var rules = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();
            return new AnalyzerSet("LockLeak", analyzers, rules);
        }

        /// <summary>An analyzer that does nothing: the cost of the analysis run itself (compilation events, binding).</summary>
        public static AnalyzerSet Baseline() =>
            new AnalyzerSet("(none)", ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer()), ImmutableHashSet<string>.Empty);

        public static AnalyzerSet NetAnalyzers() => FromPackage("NetAnalyzers", "NetAnalyzersPath", NetRules);

        public static AnalyzerSet IDisposableAnalyzers() => FromPackage("IDisposableAnalyzers", "IDisposableAnalyzersPath", IdispRules);

        /// <summary>
        /// Loads a peer package's C# analyzers from the NuGet cache (the path MSBuild recorded at build time) and keeps
        /// only the analyzers that support one of <paramref name="rules"/>, so the comparison is rule set against rule set.
        /// </summary>
        private static AnalyzerSet FromPackage(string name, string metadataKey, ImmutableHashSet<string> rules)
        {
            var root = typeof(AnalyzerSets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == metadataKey)?.Value;
            if (string.IsNullOrEmpty(root))
            {
                throw new InvalidOperationException($"The build did not record where the {name} package is ({metadataKey}); run `dotnet restore bench`.");
            }

            var folder = Path.Combine(root, "analyzers", "dotnet", "cs");
            Loader.AddFolder(folder);
            var analyzers = new List<DiagnosticAnalyzer>();
            foreach (var dll in Directory.GetFiles(folder, "*.dll").OrderBy(p => p, StringComparer.Ordinal))
            {
                var reference = new AnalyzerFileReference(dll, Loader.Instance);
                foreach (var analyzer in reference.GetAnalyzers(LanguageNames.CSharp))
                {
                    if (analyzer.SupportedDiagnostics.Any(d => rules.Contains(d.Id)))
                    {
                        analyzers.Add(analyzer);
                    }
                }
            }

            if (analyzers.Count == 0)
            {
                throw new InvalidOperationException($"No analyzer of {folder} supports {string.Join(", ", rules)}.");
            }

            return new AnalyzerSet(name, analyzers.ToImmutableArray(), rules);
        }

        // Instantiated directly, never loaded as a compiler extension: no [DiagnosticAnalyzer], no release tracking.
#pragma warning disable RS1001, RS2008
        private sealed class NoOpAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
                "BENCH000", "Nothing", "Nothing", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);

                // One no-op action, so that the driver runs the compilation's events (binds every member) exactly as
                // for a real analyzer: the baseline is "the analysis run without LockLeak", not an empty run.
                context.RegisterSymbolAction(_ => { }, SymbolKind.NamedType);
            }
        }
#pragma warning restore RS1001, RS2008

        /// <summary>
        /// Loads analyzer assemblies into the default context, where this process's Roslyn already lives, and resolves
        /// their private dependencies from the package folders.
        /// </summary>
        private sealed class Loader : IAnalyzerAssemblyLoader
        {
            public static readonly Loader Instance = new Loader();
            private static readonly List<string> Folders = new List<string>();

            static Loader()
            {
                AssemblyLoadContext.Default.Resolving += (context, name) =>
                {
                    lock (Folders)
                    {
                        foreach (var folder in Folders)
                        {
                            var candidate = Path.Combine(folder, name.Name + ".dll");
                            if (File.Exists(candidate))
                            {
                                return context.LoadFromAssemblyPath(candidate);
                            }
                        }
                    }

                    return null;
                };
            }

            public static void AddFolder(string folder)
            {
                lock (Folders)
                {
                    if (!Folders.Contains(folder))
                    {
                        Folders.Add(folder);
                    }
                }
            }

            public void AddDependencyLocation(string fullPath) => AddFolder(Path.GetDirectoryName(fullPath)!);

            public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
        }
    }
}
