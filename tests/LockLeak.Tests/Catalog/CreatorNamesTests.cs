using System;
using System.IO;
using System.Linq;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockLeak.Tests.Catalog
{
    /// <summary>
    /// The text look LCK004 takes at every constructor before walking it: it must stop the constructors real code is made
    /// of, which is what it is for, and let every creation through (the rule's own tests pin the diagnostics).
    /// </summary>
    public class CreatorNamesTests
    {
        private const string Types = """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Runtime.InteropServices;

            class Customer { public int Id { get; set; } public void Add(int v) => Id += v; }
            class Repository<T> { public void Put(int id, T item) { } }
            sealed class StoreLock : IDisposable { private readonly SemaphoreSlim _gate = new SemaphoreSlim(1); public void Dispose() => _gate.Dispose(); }
            static class Gates { public static SemaphoreSlim Create() => new SemaphoreSlim(1); }
            static class Native { [DllImport("kernel32")] public static extern IntPtr CreateEventW(IntPtr a, bool m, bool i, string n); }
            static class Renamed { [DllImport("kernel32", EntryPoint = "CreateEventW")] public static extern IntPtr MakeEvent(IntPtr a, bool m, bool i, string n); }
            static class Util { public static int Twice(int x) => x * 2; }
            interface IService { }
            class Service : IService { }

            """;

        [Theory]
        [InlineData("_customer = customer ?? throw new ArgumentNullException(nameof(customer)); customer.Add(1);")]
        [InlineData("_store = new Repository<Customer>(); _store.Put(customer.Id, customer);")]
        [InlineData("var list = new List<SemaphoreSlim>(); var d = new Dictionary<string, int>(StringComparer.Ordinal);")]
        [InlineData("for (var i = 0; i < 3; i++) { customer.Add(i); } progress?.Report(customer.Id);")]
        [InlineData("var span = TimeSpan.FromSeconds(1); _ = new int[3]; _ = new[] { 1, 2 };")]
        [InlineData("if (customer.Id > 0) { customer.Add(customer.Id); } else { throw new InvalidOperationException(); }")]
        [InlineData("var service = new Service(); var twice = Util.Twice(customer.Id);")]
        public void PlainConstructor_NamesNoCreator(string body) => Assert.False(Look(body));

        [Theory]
        [InlineData("_ = new SemaphoreSlim(1);")]
        [InlineData("_ = new System.Threading.Mutex();")]
        [InlineData("SemaphoreSlim s = new(1);")]
        [InlineData("_ = new /* c */ SemaphoreSlim(1);")]
        [InlineData("_ = new StoreLock();")]
        [InlineData("_ = Gates.Create();")]
        [InlineData("_ = Mutex.OpenExisting(\"m\");")]
        [InlineData("_ = Native.CreateEventW(IntPtr.Zero, true, false, null);")]
        [InlineData("_ = Renamed.MakeEvent(IntPtr.Zero, true, false, null);")]
        [InlineData("_ = Make();")]
        [InlineData("_ = new Mut\\u0065x();")]
        [InlineData("if (customer.Id > 0) throw new InvalidOperationException(); _ = new Mutex();")]
        [InlineData("if (customer.Id > 0) { throw; } new Mutex().Dispose();")]
        public void CreatingConstructor_MayCreate(string body) => Assert.True(Look(body));

        private static bool Look(string body)
        {
            var source = Types + "class Consumer { Customer _customer; Repository<Customer> _store; static SemaphoreSlim Make() => new SemaphoreSlim(1);\n"
                + "  public Consumer(Customer customer, IProgress<int> progress) { " + body + " } }";
            var tree = CSharpSyntaxTree.ParseText(source);
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Select(path => MetadataReference.CreateFromFile(path));
            var compilation = CSharpCompilation.Create("Look", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var constructor = tree.GetRoot().DescendantNodes().OfType<ConstructorDeclarationSyntax>().Single();
            var type = compilation.GetSemanticModel(tree).GetDeclaredSymbol(constructor)!.ContainingType;
            return LockCatalog.Create(compilation).CreatorNames.MayCreate(tree.GetText(), constructor.Body!.Span, type);
        }
    }
}
