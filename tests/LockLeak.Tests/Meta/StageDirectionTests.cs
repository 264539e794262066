using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockLeak.Tests.Meta
{
    /// <summary>
    /// The source folders are the pipeline's stages and each is its own namespace. A stage may name only stages
    /// below it: what a lock is never depends on what a type owns, an analysis never on a rule, and the analyzer
    /// never on a fixer. A type outside the namespaces below cannot be named without a using or a qualified name,
    /// so reading those from each file's syntax finds every edge.
    /// </summary>
    public class StageDirectionTests
    {
        /// <summary>Lowest first. Stages in one row are siblings: neither may name the other.</summary>
        private static readonly string[][] Stages =
        {
            new[] { "LockLeak.Infrastructure" },
            new[] { "LockLeak.Catalog" },
            new[] { "LockLeak.TypeAnalysis" },
            new[] { "LockLeak.Contract" },
            new[] { "LockLeak.Rules" },
            new[] { "LockLeak.CodeFixes.Editing" },
            new[] { "LockLeak.CodeFixes.ManagedRelease", "LockLeak.CodeFixes.NativeRelease" },
            new[] { "LockLeak.CodeFixes.Placement" },
            new[] { "LockLeak.CodeFixes.FixAll", "LockLeak.CodeFixes.Unconditional" },
            new[] { "LockLeak.CodeFixes" },
        };

        public static IEnumerable<object[]> SourceFiles() =>
            new[] { "Analyzer", "CodeFixes" }
                .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, "src", project), "*.cs", SearchOption.AllDirectories)
                    .Where(path => !IsBuildOutput(path))
                    .Select(path => new object[] { Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/') }));

        [Theory]
        [MemberData(nameof(SourceFiles))]
        public void EachFile_DeclaresItsFoldersNamespace_AndNamesNoHigherStage(string file)
        {
            var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, file));
            var own = DeclaredNamespace(text);
            Assert.Equal(FolderNamespace(file), own);
            Assert.Empty(BackEdges(own, text));
        }

        [Fact]
        public void TheCheck_SeesAUsing_AQualifiedName_AndASibling()
        {
            // The theory above passes on silence; this keeps it able to fail.
            Assert.Equal(new[] { "LockLeak.Rules" }, BackEdges("LockLeak.Catalog", "using LockLeak.Rules;\nnamespace LockLeak.Catalog { class C { } }"));
            Assert.Equal(new[] { "LockLeak.Contract" }, BackEdges("LockLeak.TypeAnalysis", "namespace LockLeak.TypeAnalysis { class C { LockLeak.Contract.LockFix? f; } }"));
            Assert.Equal(new[] { "LockLeak.CodeFixes.NativeRelease" }, BackEdges("LockLeak.CodeFixes.ManagedRelease", "using static LockLeak.CodeFixes.NativeRelease.DisposedFlag;\nnamespace LockLeak.CodeFixes.ManagedRelease { }"));
            Assert.Equal(new[] { "LockLeak.CodeFixes.Editing" }, BackEdges("LockLeak.Rules", "using E = LockLeak.CodeFixes.Editing.DisposeBody;\nnamespace LockLeak.Rules { }"));
            Assert.Empty(BackEdges("LockLeak.Rules", "using LockLeak.Catalog;\nusing LockLeak.Infrastructure;\nnamespace LockLeak.Rules { }"));
        }

        private static IEnumerable<string> BackEdges(string own, string text)
        {
            var ownRank = RankOf(own) ?? throw new InvalidOperationException($"'{own}' is not a known stage: add it to {nameof(Stages)}");
            var root = CSharpSyntaxTree.ParseText(text).GetCompilationUnitRoot();
            var named = root.DescendantNodes().OfType<UsingDirectiveSyntax>().Select(u => u.Name?.ToString())
                .Concat(root.DescendantNodes().OfType<QualifiedNameSyntax>().Where(q => q.Parent is not QualifiedNameSyntax).Select(q => q.ToString()))
                .Concat(root.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Where(m => m.Parent is not MemberAccessExpressionSyntax).Select(m => m.ToString()))
                .Where(name => name is not null && name.StartsWith("LockLeak.", StringComparison.Ordinal))
                .Select(name => StageOf(name!))
                .Where(stage => stage is not null && stage != own)
                .Distinct();
            return named.Where(stage => RankOf(stage!) >= ownRank).Select(stage => stage!).ToList();
        }

        /// <summary>The longest stage that prefixes a name: `LockLeak.CodeFixes.Editing.DisposeBody` is in Editing, not in the root.</summary>
        private static string? StageOf(string name) =>
            Stages.SelectMany(row => row)
                .Where(stage => name == stage || name.StartsWith(stage + ".", StringComparison.Ordinal))
                .OrderByDescending(stage => stage.Length)
                .FirstOrDefault();

        private static int? RankOf(string stage)
        {
            for (var rank = 0; rank < Stages.Length; rank++)
            {
                if (Stages[rank].Contains(stage))
                {
                    return rank;
                }
            }

            return null;
        }

        private static string DeclaredNamespace(string text) =>
            CSharpSyntaxTree.ParseText(text).GetCompilationUnitRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Single().Name.ToString();

        /// <summary>src/Analyzer/Catalog/X.cs is LockLeak.Catalog; src/CodeFixes/X.cs is LockLeak.CodeFixes; src/CodeFixes/Placement/X.cs is LockLeak.CodeFixes.Placement.</summary>
        private static string FolderNamespace(string file)
        {
            var parts = file.Split('/');
            var folders = parts.Skip(2).Take(parts.Length - 3).ToList();
            var prefix = parts[1] == "Analyzer" ? "LockLeak" : "LockLeak.CodeFixes";
            Assert.True(parts[1] != "Analyzer" || folders.Count == 1, $"{file}: analyzer sources live in exactly one stage folder");
            return string.Join(".", new[] { prefix }.Concat(folders));
        }

        private static bool IsBuildOutput(string path)
        {
            var parts = path.Replace('\\', '/').Split('/');
            return parts.Contains("obj") || parts.Contains("bin");
        }
    }
}
