using System;
using System.Collections.Generic;
using System.Linq;
using LockLeak.CodeFixes;
using LockLeak.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LockLeak.Tests.Infrastructure
{
    /// <summary>
    /// A Microsoft.CodeAnalysis.Testing test that runs every LockLeak rule and every LockLeak fix at once, so that
    /// the exact markup of a test states every diagnostic LockLeak gives on its input, not just one rule's.
    /// </summary>
    public sealed class LockLeakTest : CSharpCodeFixTest<OwnedLockNotReleasedAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
    {
        public LockLeakTest()
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
            LanguageVersion = LanguageVersion.CSharp12;
        }

        public LanguageVersion LanguageVersion { get; set; }

        /// <summary>Every analyzer of the LockLeak.Analyzer assembly.</summary>
        public static IReadOnlyList<DiagnosticAnalyzer> AllAnalyzers { get; } = typeof(OwnedLockNotReleasedAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToArray();

        /// <summary>Every code fix of the LockLeak.CodeFixes assembly.</summary>
        public static IReadOnlyList<CodeFixProvider> AllCodeFixes { get; } = typeof(CodeFixesAssemblyMarker).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToArray();

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AllAnalyzers;

        protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => AllCodeFixes;

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithAllowUnsafe(true);
    }
}
