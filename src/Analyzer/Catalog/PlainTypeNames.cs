using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Catalog
{
    /// <summary>
    /// Rules a type out by the name its syntax uses, before the compiler is asked to bind it: `List&lt;int&gt;`,
    /// `Dictionary&lt;Guid, string&gt;`, `DateTime`, `Func&lt;Task&gt;`, `MemoryStream`. Binding a field's type, a type's base list
    /// or its members is work the compiler does anyway, but charged to whoever asks first, and the gate meets every
    /// type of the compilation before the compiler does; on generated code bases this was most of the gate's time.
    /// </summary>
    /// <remarks>
    /// A name of the list stands for the framework type of that name, which holds no lock primitive, handle or native
    /// memory, unless this compilation declares a type or a using alias of that name (then it is bound as before).
    /// Generic arguments are looked at the same way, so `List&lt;SemaphoreSlim&gt;` is not ruled out. A referenced library
    /// that declared its own `List` deriving from `WaitHandle` would be missed: the one assumption the list makes.
    /// </remarks>
    internal sealed class PlainTypeNames
    {
        private static readonly ImmutableHashSet<string> Plain = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            // Values and common classes of the base library.
            "DateTime", "DateTimeOffset", "DateOnly", "TimeOnly", "TimeSpan", "Guid", "Decimal", "Uri", "Version", "Type",
            "CultureInfo", "Encoding", "StringBuilder", "StringComparer", "StringComparison", "Random", "Stopwatch",
            "Regex", "Exception", "CancellationToken", "CancellationTokenSource", "TimeProvider", "Half", "BigInteger",
            "Index", "Range", "Nullable", "Lazy", "WeakReference", "Tuple", "ValueTuple", "KeyValuePair",
            "Task", "ValueTask", "TaskCompletionSource", "Thread", "Timer", "EventArgs", "EventHandler",
            "Func", "Action", "Predicate", "Comparison", "Converter", "IProgress", "Progress",
            "Memory", "ReadOnlyMemory", "ArraySegment", "IComparer", "IEqualityComparer", "IComparable", "IEquatable",
            "Stream", "MemoryStream", "TextReader", "TextWriter", "StringReader", "StringWriter", "StreamReader", "StreamWriter",
            "HttpClient", "JsonSerializerOptions", "ILogger", "IOptions", "IServiceProvider", "IConfiguration",
            // Collections: their element types are looked at as generic arguments.
            "IEnumerable", "IAsyncEnumerable", "ICollection", "IReadOnlyCollection", "IList", "IReadOnlyList",
            "IDictionary", "IReadOnlyDictionary", "ISet", "IReadOnlySet", "List", "Dictionary", "SortedDictionary",
            "SortedList", "HashSet", "SortedSet", "LinkedList", "Queue", "Stack", "PriorityQueue",
            "ConcurrentDictionary", "ConcurrentQueue", "ConcurrentStack", "ConcurrentBag", "BlockingCollection",
            "ImmutableArray", "ImmutableList", "ImmutableDictionary", "ImmutableHashSet", "ImmutableQueue",
            "ImmutableStack", "ImmutableSortedDictionary", "ImmutableSortedSet", "FrozenDictionary", "FrozenSet",
            "ObservableCollection", "ReadOnlyCollection", "ReadOnlyDictionary", "Collection",
            // Static classes met as call receivers in constructors.
            "Math", "MathF", "Marshal", "NativeMemory", "Console", "Enumerable", "Interlocked", "Volatile", "Array", "Convert", "Path",
            "Debug", "Trace", "GC", "Activator", "Buffer", "BitConverter", "Environment", "ArgumentNullException",
            "ArgumentException", "ArgumentOutOfRangeException", "ObjectDisposedException", "ImmutableInterlocked",
            "JsonSerializer", "ExceptionDispatchInfo", "Unsafe", "MemoryMarshal", "CollectionsMarshal");

        // Read on every field of every type: a hash lookup, not the immutable set's tree walk. Never written after this.
        private static readonly Dictionary<string, int> Index = Plain.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

        private readonly Compilation compilation;

        // Per name of the list: 0 not asked yet, 1 the compilation declares it, 2 it means the framework type.
        private readonly int[] shadowed = new int[Plain.Count];
        private ImmutableHashSet<string>? aliases;
        private bool anyUsingStatic;
        private ICollection<string>? typeNames;

        public PlainTypeNames(Compilation compilation)
        {
            this.compilation = compilation;
        }

        /// <summary>The names on the list, for the test that none of them is a lock primitive's.</summary>
        internal static ImmutableHashSet<string> Names => Plain;

        /// <summary>
        /// Does <paramref name="syntax"/> name a framework type that cannot hold a lock, whatever it binds to? Only ever
        /// answers yes when that is certain under the assumption above; "no" means "bind it and see".
        /// </summary>
        public bool IsPlain(TypeSyntax? syntax, TypeDeclarationSyntax? scope = null) => IsPlain(syntax, scope, 0);

        /// <summary>
        /// Does <paramref name="syntax"/> name a framework type that is never a lock, whatever its type arguments? What a
        /// creation or a static call's receiver names is the type itself, not what it holds: `new List&lt;IObserver&gt;()` creates
        /// a list, and neither the list nor its static members create a lock, so its arguments need no binding.
        /// </summary>
        public bool NamesPlainDefinition(TypeSyntax? syntax, TypeDeclarationSyntax? scope) => syntax switch
        {
            GenericNameSyntax generic => IsPlainName(generic.Identifier.ValueText),
            QualifiedNameSyntax qualified => NamesPlainDefinition(qualified.Right, scope),
            AliasQualifiedNameSyntax aliased => NamesPlainDefinition(aliased.Name, scope),
            _ => IsPlain(syntax, scope, 0),
        };

        private bool IsPlain(TypeSyntax? syntax, TypeDeclarationSyntax? scope, int depth)
        {
            if (depth > 8)
            {
                return false;
            }

            switch (syntax)
            {
                case PredefinedTypeSyntax:
                    return true;
                case ArrayTypeSyntax array:
                    return IsPlain(array.ElementType, scope, depth + 1);
                case NullableTypeSyntax nullable:
                    return IsPlain(nullable.ElementType, scope, depth + 1);
                case TupleTypeSyntax tuple:
                    foreach (var element in tuple.Elements)
                    {
                        if (!IsPlain(element.Type, scope, depth + 1))
                        {
                            return false;
                        }
                    }

                    return true;
                case QualifiedNameSyntax qualified:
                    return IsPlain(qualified.Right, scope, depth + 1);
                case AliasQualifiedNameSyntax aliased:
                    return IsPlain(aliased.Name, scope, depth + 1);
                case GenericNameSyntax generic:
                    if (!IsPlainName(generic.Identifier.ValueText))
                    {
                        return false;
                    }

                    foreach (var argument in generic.TypeArgumentList.Arguments)
                    {
                        if (!IsPlain(argument, scope, depth + 1))
                        {
                            return false;
                        }
                    }

                    return true;
                case IdentifierNameSyntax identifier:
                    var name = identifier.Identifier.ValueText;
                    // A type parameter of the type hides every outer meaning of its name.
                    return IsPlainName(name) || IsTypeParameter(name, scope);
                default:
                    return false;
            }
        }

        /// <summary>A type parameter of the declaration or of a type containing it: never a lock, and it hides every outer meaning of its name.</summary>
        private static bool IsTypeParameter(string name, TypeDeclarationSyntax? scope)
        {
            for (SyntaxNode? node = scope; node is TypeDeclarationSyntax declaration; node = node.Parent)
            {
                if (declaration.TypeParameterList is { } parameters)
                {
                    foreach (var parameter in parameters.Parameters)
                    {
                        if (parameter.Identifier.ValueText == name)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>Is <paramref name="name"/> the alias of some using directive of the compilation (which may name any type)?</summary>
        public bool IsAlias(string name) => Aliases.Contains(name);

        /// <summary>Does any file or namespace of the compilation import static members (`using static`), which lets a call by simple name reach any type?</summary>
        public bool AnyUsingStatic
        {
            get
            {
                // Read in the same walk as the aliases, and written before they are published.
                _ = Aliases;
                return Volatile.Read(ref anyUsingStatic);
            }
        }

        /// <summary>Does the compilation declare a type of that name, nested ones included (whatever its arity)?</summary>
        public bool IsDeclaredTypeName(string name) => DeclaredTypeNames.Contains(name);

        /// <summary>Is a type of this name, as written without a qualifier, always a plain framework type in this compilation?</summary>
        public bool IsPlainName(string name) => Index.TryGetValue(name, out var index) && !IsShadowed(name, index);

        /// <summary>
        /// Does this compilation give <paramref name="name"/> a meaning of its own: a type of that name (nested ones
        /// included) or a using alias? Asked once per name of the list that is met.
        /// </summary>
        private bool IsShadowed(string name, int index)
        {
            var known = Volatile.Read(ref shadowed[index]);
            if (known == 0)
            {
                known = Aliases.Contains(name) || DeclaredTypeNames.Contains(name) ? 1 : 2;
                Volatile.Write(ref shadowed[index], known);
            }

            return known == 1;
        }

        /// <summary>
        /// The names of every type the compilation declares, nested ones included: one walk of the compiler's declaration
        /// table, which reads no syntax, binds nothing and is kept by the compiler. Asking
        /// <see cref="Compilation.ContainsSymbolsWithName(string, SymbolFilter, System.Threading.CancellationToken)"/> per
        /// name walked the same table once for each of the forty-odd names a code base meets.
        /// </summary>
        private ICollection<string> DeclaredTypeNames
        {
            get
            {
                var known = Volatile.Read(ref typeNames);
                if (known is null)
                {
                    known = compilation.Assembly.TypeNames;
                    Volatile.Write(ref typeNames, known);
                }

                return known;
            }
        }

        /// <summary>The aliases of every using directive of the compilation: file, global and namespace ones.</summary>
        private ImmutableHashSet<string> Aliases
        {
            get
            {
                var known = Volatile.Read(ref aliases);
                if (known is null)
                {
                    var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
                    var usingStatic = false;
                    foreach (var tree in compilation.SyntaxTrees)
                    {
                        if (tree.GetRoot() is CompilationUnitSyntax root)
                        {
                            usingStatic |= AddAliases(root.Usings, builder);
                            usingStatic |= AddNamespaceAliases(root.Members, builder);
                        }
                    }

                    known = builder.ToImmutable();
                    Volatile.Write(ref anyUsingStatic, usingStatic);
                    Volatile.Write(ref aliases, known);
                }

                return known;
            }
        }

        /// <returns>Whether a `using static` was met.</returns>
        private static bool AddNamespaceAliases(SyntaxList<MemberDeclarationSyntax> members, ImmutableHashSet<string>.Builder builder)
        {
            var usingStatic = false;
            foreach (var member in members)
            {
                if (member is BaseNamespaceDeclarationSyntax ns)
                {
                    usingStatic |= AddAliases(ns.Usings, builder);
                    usingStatic |= AddNamespaceAliases(ns.Members, builder);
                }
            }

            return usingStatic;
        }

        /// <returns>Whether one of the directives is a `using static`.</returns>
        private static bool AddAliases(IEnumerable<UsingDirectiveSyntax> usings, ImmutableHashSet<string>.Builder builder)
        {
            var usingStatic = false;
            foreach (var directive in usings)
            {
                if (directive.Alias is { } alias)
                {
                    builder.Add(alias.Name.Identifier.ValueText);
                }

                usingStatic |= directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword);
            }

            return usingStatic;
        }
    }
}
