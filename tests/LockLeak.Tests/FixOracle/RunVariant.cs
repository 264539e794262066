using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>
    /// Turns a fixed, compiling file into the file the child process runs: allocation and free calls and the lock
    /// P/Invokes are routed through the shim (see <see cref="OracleShimSource"/>), and the owner gets a probe that
    /// hands the runner its managed primitive. Everything else is the fixed text as it is: the run checks the
    /// code the fix wrote, not a copy of it.
    /// </summary>
    public static class RunVariant
    {
        private static readonly Dictionary<string, string> MemoryCalls = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.Runtime.InteropServices.NativeMemory.Alloc"] = "global::OracleShim.NativeMemoryShim.Alloc",
            ["System.Runtime.InteropServices.NativeMemory.AllocZeroed"] = "global::OracleShim.NativeMemoryShim.AllocZeroed",
            ["System.Runtime.InteropServices.NativeMemory.Free"] = "global::OracleShim.NativeMemoryShim.Free",
            ["System.Runtime.InteropServices.Marshal.AllocHGlobal"] = "global::OracleShim.MarshalShim.AllocHGlobal",
            ["System.Runtime.InteropServices.Marshal.FreeHGlobal"] = "global::OracleShim.MarshalShim.FreeHGlobal",
            ["System.Runtime.InteropServices.Marshal.AllocCoTaskMem"] = "global::OracleShim.MarshalShim.AllocCoTaskMem",
            ["System.Runtime.InteropServices.Marshal.FreeCoTaskMem"] = "global::OracleShim.MarshalShim.FreeCoTaskMem",
        };

        /// <summary>The lock P/Invokes and the interposer's kind for each: 0 pthread mutex, 1 pthread condition variable, 2 critical section.</summary>
        private static readonly Dictionary<string, (string Method, int Kind)> LockCalls = new Dictionary<string, (string, int)>(StringComparer.Ordinal)
        {
            ["pthread_mutex_init"] = ("Init", 0),
            ["pthread_mutex_destroy"] = ("Destroy", 0),
            ["pthread_cond_init"] = ("Init", 1),
            ["pthread_cond_destroy"] = ("Destroy", 1),
            ["InitializeCriticalSection"] = ("Init", 2),
            ["DeleteCriticalSection"] = ("Destroy", 2),
        };

        /// <summary>The run text of one cell's fixed file, given the tree and model of its compiling fixed version.</summary>
        public static string Rewrite(OracleCell cell, SyntaxTree tree, SemanticModel model)
        {
            var root = tree.GetRoot();
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method
                    && MemoryCalls.TryGetValue(method.ContainingType.ToDisplayString() + "." + method.Name, out var shim))
                {
                    replacements[invocation.Expression] = SyntaxFactory.ParseExpression(shim).WithTriviaFrom(invocation.Expression);
                }
            }

            foreach (var declaration in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (EntryPoint(declaration) is { } entry && LockCalls.TryGetValue(entry, out var target))
                {
                    replacements[declaration] = Forward(declaration, target.Method, target.Kind);
                }
            }

            var rewritten = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
            if (cell.Lock.Family == LockFamily.Managed)
            {
                rewritten = AddProbe(rewritten);
            }

            return "#nullable disable\n" + rewritten.ToFullString();
        }

        /// <summary>The entry point of a DllImport or LibraryImport method: its EntryPoint argument or its name.</summary>
        private static string? EntryPoint(MethodDeclarationSyntax method)
        {
            var attribute = method.AttributeLists.SelectMany(l => l.Attributes)
                .FirstOrDefault(a => a.Name.ToString().Split('.').Last() is "DllImport" or "DllImportAttribute" or "LibraryImport" or "LibraryImportAttribute");
            if (attribute is null)
            {
                return null;
            }

            var named = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "EntryPoint");
            return named?.Expression is LiteralExpressionSyntax literal ? literal.Token.ValueText : method.Identifier.Text;
        }

        private static MethodDeclarationSyntax Forward(MethodDeclarationSyntax method, string shimMethod, int kind)
        {
            var first = method.ParameterList.Parameters.FirstOrDefault();
            string pointer;
            if (first is null)
            {
                pointer = "null";
            }
            else if (first.Modifiers.Any(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.InKeyword) || m.IsKind(SyntaxKind.OutKeyword)))
            {
                pointer = $"global::System.Runtime.CompilerServices.Unsafe.AsPointer(ref {first.Identifier.Text})";
            }
            else
            {
                pointer = $"(void*){first.Identifier.Text}";
            }

            var call = $"global::OracleShim.LockShim.{shimMethod}({kind}, {pointer})";
            var returns = method.ReturnType.ToString();
            var body = returns == "void" ? $"{{ {call}; }}" : returns == "int" ? $"{{ return {call}; }}" : $"{{ {call}; return default; }}";
            var modifiers = method.Modifiers.Where(m => !m.IsKind(SyntaxKind.ExternKeyword) && !m.IsKind(SyntaxKind.PartialKeyword)).ToList();
            if (!modifiers.Any(m => m.IsKind(SyntaxKind.UnsafeKeyword)))
            {
                modifiers.Add(SyntaxFactory.Token(SyntaxKind.UnsafeKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            }

            return method
                .WithAttributeLists(default)
                .WithModifiers(SyntaxFactory.TokenList(modifiers))
                .WithSemicolonToken(default)
                .WithExpressionBody(null)
                .WithBody(SyntaxFactory.ParseStatement(body) as BlockSyntax)
                .WithLeadingTrivia(method.GetLeadingTrivia())
                .WithTrailingTrivia(method.GetTrailingTrivia());
        }

        private static SyntaxNode AddProbe(SyntaxNode root)
        {
            var owner = root.DescendantNodes().OfType<TypeDeclarationSyntax>().First(t => t.Identifier.Text == "Owner");
            var probe = (MemberDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("internal object OracleProbe() => _gate;\n")!;
            return root.ReplaceNode(owner, owner.AddMembers(probe));
        }

        /// <summary>The facts about a fixed owner the runner needs to choose its scenarios.</summary>
        public sealed record OwnerShape(bool Disposable, bool AsyncDisposable, bool PatternDispose, bool RefStruct, bool HasFinalizer);

        public static OwnerShape ShapeOf(INamedTypeSymbol owner)
        {
            bool Implements(string name) => owner.AllInterfaces.Any(i => i.ToDisplayString() == name);
            var hasFinalizer = false;
            for (var t = owner; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                hasFinalizer |= t.GetMembers().OfType<IMethodSymbol>().Any(m => m.MethodKind == MethodKind.Destructor);
            }

            var patternDispose = owner.GetMembers("Dispose").OfType<IMethodSymbol>()
                .Any(m => m.DeclaredAccessibility == Accessibility.Public && m.Parameters.Length == 0 && !m.IsStatic);
            return new OwnerShape(Implements("System.IDisposable"), Implements("System.IAsyncDisposable"), patternDispose, owner.IsRefLikeType, hasFinalizer);
        }

        /// <summary>The scenario method of one cell, called by the generated Main.</summary>
        public static string Scenario(OracleCell cell, OwnerShape shape)
        {
            var type = $"global::{cell.Namespace}.Owner";
            var managed = cell.Lock.Family == LockFamily.Managed;
            var name = cell.Namespace;
            var sb = new StringBuilder();
            void Probe(string scenario)
            {
                if (managed)
                {
                    sb.Append($"            global::OracleShim.Probe.ExpectDisposed(o.OracleProbe(), \"{scenario}\");\n");
                }
            }

            var scenarios = new List<string>();
            if (shape.Disposable || (shape.RefStruct && shape.PatternDispose))
            {
                var call = shape.RefStruct ? "o.Dispose();" : "DisposeInPlace(ref o);";
                sb.Append($"        [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]\n");
                sb.Append($"        private static void {name}_Dispose()\n        {{\n            var o = new {type}();\n            {call}\n            {call}\n");
                Probe("Dispose() twice");
                sb.Append("        }\n\n");
                scenarios.Add($"Scenario({name}_Dispose, \"Dispose() twice, then collected\", true);");
            }

            if (shape.AsyncDisposable)
            {
                sb.Append($"        [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]\n");
                sb.Append($"        private static void {name}_DisposeAsync()\n        {{\n            var o = new {type}();\n            DisposeAsyncInPlace(ref o);\n            DisposeAsyncInPlace(ref o);\n");
                Probe("DisposeAsync() twice");
                sb.Append("        }\n\n");
                scenarios.Add($"Scenario({name}_DisposeAsync, \"DisposeAsync() twice, then collected\", true);");
            }

            if (!shape.RefStruct)
            {
                sb.Append($"        [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]\n");
                sb.Append($"        private static void {name}_Abandon()\n        {{\n            var o = new {type}();\n            global::System.GC.KeepAlive(o);\n        }}\n\n");

                // Only a finalizer can release an abandoned instance; without one the leak is expected, a crash is not.
                scenarios.Add($"Scenario({name}_Abandon, \"never disposed, finalized\", {(shape.HasFinalizer && !managed ? "true" : "false")});");
            }

            sb.Append($"        private static void {name}()\n        {{\n");
            foreach (var s in scenarios)
            {
                sb.Append("            ").Append(s).Append('\n');
            }

            sb.Append("        }\n\n");
            return sb.ToString();
        }

        /// <summary>Main: runs the named cells (all when none are named), reporting BEGIN/PASS/FAIL lines as it goes.</summary>
        public static string Program(IEnumerable<(OracleCell Cell, string Scenario)> cells)
        {
            var list = cells.ToList();
            var sb = new StringBuilder();
            sb.Append("namespace OracleRunner\n{\n    public static class Program\n    {\n");
            sb.Append("        public static int Main(string[] args)\n        {\n");
            sb.Append("            var only = args.Length > 0 ? new global::System.Collections.Generic.HashSet<string>(args) : null;\n");
            foreach (var (cell, _) in list)
            {
                sb.Append($"            Run(\"{cell.Namespace}\", only, {cell.Namespace});\n");
            }

            sb.Append("            return 0;\n        }\n\n");
            sb.Append("""
                        private static void Run(string id, global::System.Collections.Generic.HashSet<string> only, global::System.Action cell)
                        {
                            if (only != null && !only.Contains(id))
                            {
                                return;
                            }

                            global::System.Console.Out.WriteLine("BEGIN " + id);
                            global::System.Console.Out.Flush();
                            try
                            {
                                cell();
                                global::System.Console.Out.WriteLine("PASS " + id);
                            }
                            catch (global::System.Exception e)
                            {
                                global::System.Console.Out.WriteLine("FAIL " + id + " " + (e.GetType().Name + ": " + e.Message).Replace('\n', ' ').Replace('\r', ' '));
                            }

                            global::System.Console.Out.Flush();
                        }

                        private static void Scenario(global::System.Action run, string name, bool balanced)
                        {
                            global::OracleShim.Ledger.Reset();
                            run();
                            for (var i = 0; i < 2; i++)
                            {
                                global::System.GC.Collect();
                                global::System.GC.WaitForPendingFinalizers();
                            }

                            global::OracleShim.Ledger.Expect(name, balanced);
                        }

                        private static void DisposeInPlace<T>(ref T value) where T : global::System.IDisposable => value.Dispose();

                        private static void DisposeAsyncInPlace<T>(ref T value) where T : global::System.IAsyncDisposable =>
                            value.DisposeAsync().AsTask().GetAwaiter().GetResult();


                """);
            foreach (var (_, scenario) in list)
            {
                sb.Append(scenario);
            }

            sb.Append("    }\n}\n");
            return sb.ToString();
        }
    }
}
