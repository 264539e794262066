using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockLeak.Catalog
{
    /// <summary>
    /// A first look at the text of a constructor, before any of its syntax is walked or bound: could it create a lock
    /// primitive or a wrapper? LCK004 asks it of every constructor of the compilation, and most create nothing of the
    /// kind; the profile of dependency-injection code put the walk of their syntax at a third of LCK004's time.
    /// </summary>
    /// <remarks>
    /// The text says yes to:
    /// <list type="bullet">
    /// <item>`new(` (target-typed, only binding knows the type), and `new T` unless T is predefined, a plain framework
    /// type, or found next to the constructed type (<see cref="NearbyTypes"/>) as types that are neither primitives nor
    /// wrappers (<see cref="LockCatalog.IsCreatedLockType"/>): what the syntax look would decide;</item>
    /// <item>a call of a native creator (by entry point, with or without its A/W suffix) or of a static method of a
    /// managed primitive (`Mutex.OpenExisting`);</item>
    /// <item>`X.M(` where X is an alias, or a type of the compilation that is a primitive or wrapper or declares a creator
    /// named M (<see cref="LockCatalog.DeclaresCreator"/>), or not found next to the constructed type; and a call by
    /// simple name other than `nameof` (the constructed type's own factories);</item>
    /// <item>a backslash anywhere, since a Unicode escape can spell any name.</item>
    /// <item>not `throw new X(...)`: what is thrown is an exception, and never dropped.</item>
    /// </list>
    /// It may say yes wrongly (a name in a comment or string), never no, with one exception it cannot see by name: a
    /// class of a referenced library derived from a primitive under another name, or a P/Invoke of a referenced library
    /// named unlike its entry point, when called as `variable.Method(...)` or through a static method of that library.
    /// Created with `new`, or declared in source, both are seen. `nameof(x)` is the operator unless the constructed type,
    /// a type containing it or one of their bases declares a member of that name, or the compilation imports static
    /// members somewhere.
    /// </remarks>
    internal sealed class CreatorNames
    {
        private static readonly NameSet PredefinedTypes = new NameSet(new[]
        {
            "bool", "byte", "sbyte", "char", "decimal", "double", "float", "int", "uint", "long", "ulong", "short", "ushort",
            "object", "string", "nint", "nuint", "dynamic",
        });

        // Words followed by `(` that are no call: statements, operators and contextual keywords.
        private static readonly NameSet NotCalls = new NameSet(new[]
        {
            "if", "while", "for", "foreach", "switch", "catch", "using", "lock", "fixed", "return", "throw", "typeof",
            "sizeof", "default", "checked", "unchecked", "when", "await", "var", "and", "or", "not", "is", "as", "in",
            "out", "ref", "yield", "else", "do", "case", "new", "stackalloc", "where", "select", "from", "let", "on",
            "equals", "by", "ascending", "descending", "group", "into", "orderby", "join", "with", "base", "this",
        });

        [ThreadStatic]
        private static char[]? buffer;

        private readonly LockCatalog catalog;
        private readonly PlainTypeNames plainNames;
        private readonly object gate = new object();
        private Known? known;

        public CreatorNames(LockCatalog catalog)
        {
            this.catalog = catalog;
            plainNames = catalog.PlainNames;
        }

        /// <summary>
        /// Is this the name of a managed primitive of the framework (`SemaphoreSlim`, `Mutex`)? A creation of that name is
        /// taken to create one without binding it; the full binding decides, as for any other yes.
        /// </summary>
        public bool IsPrimitiveName(string name) => GetKnown().PrimitiveTypes.Contains(name);

        /// <summary>Could the code in <paramref name="span"/> of <paramref name="text"/>, inside <paramref name="scope"/>, create a lock primitive or a wrapper?</summary>
        public bool MayCreate(SourceText text, TextSpan span, INamedTypeSymbol scope)
        {
            var creators = GetKnown().Creators;
            var length = span.Length;
            var chars = buffer is { } existing && existing.Length >= length ? existing : (buffer = new char[Math.Max(length, 1024)]);
            text.CopyTo(span.Start, chars, 0, length);

            var i = 0;
            var afterThrow = false;
            while (i < length)
            {
                var c = chars[i];
                if (c == '\\')
                {
                    return true;
                }

                if (!IsIdentifierStart(c))
                {
                    afterThrow &= char.IsWhiteSpace(c);
                    i++;
                    continue;
                }

                var start = i;
                while (i < length && IsIdentifierPart(chars[i]))
                {
                    i++;
                }

                var next = SkipSpace(chars, i, length);
                var thrown = afterThrow;
                afterThrow = IsWord(chars, start, i, "throw");
                if (IsWord(chars, start, i, "new"))
                {
                    if (next < length && (chars[next] == '(' || chars[next] == '/'))
                    {
                        // `new(...)` is target-typed; a comment may hide the type's name.
                        return true;
                    }

                    // What `throw new` creates is an exception, and thrown: never a primitive, never dropped.
                    if (next < length && IsIdentifierStart(chars[next]) && MayCreateNamed(chars, next, length, scope, out i) && !thrown)
                    {
                        return true;
                    }

                    continue;
                }

                if (next >= length || !(chars[next] == '(' || (chars[next] == '<' && IsTypeArgumentCall(chars, next, length))))
                {
                    continue;
                }

                if (creators.Contains(chars, start, i - start) || IsCallThatMayCreate(chars, start, i, scope))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>`X.M(`, `M(`: a static method of the compilation, or one the constructed type reaches by simple name.</summary>
        private bool IsCallThatMayCreate(char[] chars, int start, int end, INamedTypeSymbol scope)
        {
            var before = SkipSpaceBack(chars, start - 1);
            if (before >= 0 && chars[before] == '.')
            {
                var receiverEnd = SkipSpaceBack(chars, before - 1);
                if (receiverEnd < 0)
                {
                    return false;
                }

                // `Outer<T>.Create(` names a generic type; `)`, `]`, `?.` and literals are values, whose instance methods create nothing.
                if (chars[receiverEnd] == '>')
                {
                    return true;
                }

                if (!IsIdentifierPart(chars[receiverEnd]))
                {
                    return false;
                }

                var receiverStart = receiverEnd;
                while (receiverStart > 0 && IsIdentifierPart(chars[receiverStart - 1]))
                {
                    receiverStart--;
                }

                var receiver = new string(chars, receiverStart, receiverEnd - receiverStart + 1);
                if (plainNames.IsAlias(receiver))
                {
                    return true;
                }

                if (!plainNames.IsDeclaredTypeName(receiver))
                {
                    return false;
                }

                // A type of the compilation found next to the constructed type answers as the syntax look would: is it a
                // primitive or wrapper, or does it declare a creator of that name?
                var found = NearbyTypes.Find(scope, receiver, 0);
                if (found.IsDefault)
                {
                    return true;
                }

                var method = new string(chars, start, end - start);
                foreach (var type in found)
                {
                    if (catalog.IsCreatedLockType(type, ImmutableHashSet<INamedTypeSymbol>.Empty) || catalog.DeclaresCreator(type, method, ImmutableHashSet<INamedTypeSymbol>.Empty))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (NotCalls.Contains(chars, start, end - start))
            {
                return false;
            }

            return !IsWord(chars, start, end, "nameof") || plainNames.AnyUsingStatic || catalog.DeclaresMemberInScope(scope, "nameof");
        }

        /// <summary>The type of `new A.B.Name&lt;...&gt;`: could it be a lock primitive or a wrapper? <paramref name="end"/> is where reading goes on.</summary>
        private bool MayCreateNamed(char[] chars, int start, int length, INamedTypeSymbol scope, out int end)
        {
            var nameStart = start;
            end = start;
            while (end < length && IsIdentifierPart(chars[end]))
            {
                end++;
            }

            var qualified = false;
            while (true)
            {
                var next = SkipSpace(chars, end, length);
                if (next < length && chars[next] == '.')
                {
                    next++;
                }
                else if (next + 1 < length && chars[next] == ':' && chars[next + 1] == ':')
                {
                    next += 2;
                }
                else
                {
                    break;
                }

                next = SkipSpace(chars, next, length);
                if (next >= length || !IsIdentifierStart(chars[next]))
                {
                    break;
                }

                qualified = true;
                nameStart = next;
                end = next;
                while (end < length && IsIdentifierPart(chars[end]))
                {
                    end++;
                }
            }

            if (PredefinedTypes.Contains(chars, nameStart, end - nameStart))
            {
                return false;
            }

            var name = new string(chars, nameStart, end - nameStart);
            if (plainNames.IsPlainName(name))
            {
                return false;
            }

            // Found by name and arity next to the constructed type, as binding would find it: only an unqualified name.
            if (qualified || Arity(chars, SkipSpace(chars, end, length), length) is not { } arity)
            {
                return true;
            }

            var found = NearbyTypes.Find(scope, name, arity);
            if (found.IsDefaultOrEmpty)
            {
                return true;
            }

            foreach (var type in found)
            {
                if (catalog.IsCreatedLockType(type, ImmutableHashSet<INamedTypeSymbol>.Empty))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The number of type arguments of `&lt;A, B&lt;C, D&gt;&gt;` at <paramref name="at"/> (0 when none); null when the text is not that simple.</summary>
        private static int? Arity(char[] chars, int at, int length) =>
            at >= length || chars[at] != '<' ? 0 : TypeArguments(chars, at, length, out _);

        /// <summary>`&lt;T, U&gt;(`: type arguments followed by a call, not a comparison.</summary>
        private static bool IsTypeArgumentCall(char[] chars, int at, int length)
        {
            if (TypeArguments(chars, at, length, out var close) is null)
            {
                return false;
            }

            var next = SkipSpace(chars, close + 1, length);
            return next < length && chars[next] == '(';
        }

        /// <summary>Reads the type argument list opening at <paramref name="at"/>: its arity and closing `&gt;`, or null when the text is not that simple.</summary>
        private static int? TypeArguments(char[] chars, int at, int length, out int close)
        {
            var depth = 0;
            var arity = 1;
            for (var i = at; i < length; i++)
            {
                switch (chars[i])
                {
                    case '<':
                        depth++;
                        break;
                    case '>':
                        depth--;
                        if (depth == 0)
                        {
                            close = i;
                            return arity;
                        }

                        break;
                    case ',' when depth == 1:
                        arity++;
                        break;
                    case '(' or ')' or ';' or '{' or '}' or '/':
                        close = -1;
                        return null;
                }
            }

            close = -1;
            return null;
        }

        private static bool IsWord(char[] chars, int start, int end, string word)
        {
            if (end - start != word.Length)
            {
                return false;
            }

            for (var i = 0; i < word.Length; i++)
            {
                if (chars[start + i] != word[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int SkipSpace(char[] chars, int i, int length)
        {
            while (i < length && char.IsWhiteSpace(chars[i]))
            {
                i++;
            }

            return i;
        }

        private static int SkipSpaceBack(char[] chars, int i)
        {
            while (i >= 0 && char.IsWhiteSpace(chars[i]))
            {
                i--;
            }

            return i;
        }

        private static bool IsIdentifierStart(char c) => c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c > 127;

        private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || (c >= '0' && c <= '9');

        /// <summary>Names that create a lock wherever they are called from: the native creators and the static methods of the managed primitives that return one.</summary>
        private Known GetKnown()
        {
            var result = System.Threading.Volatile.Read(ref known);
            if (result is not null)
            {
                return result;
            }

            lock (gate)
            {
                result = known;
                if (result is null)
                {
                    var creators = new List<string>();
                    foreach (var api in NativeApi.Table)
                    {
                        if (api.Role is NativeRole.CreateHandle or NativeRole.InitializeInPlace)
                        {
                            creators.AddRange(api.EntryPoints);
                        }
                    }

                    var (types, factories) = catalog.PrimitiveFactoryNames();
                    creators.AddRange(factories);
                    result = new Known(new NameSet(creators), new HashSet<string>(types, StringComparer.Ordinal));
                    System.Threading.Volatile.Write(ref known, result);
                }

                return result;
            }
        }

        private sealed class Known
        {
            public Known(NameSet creators, HashSet<string> primitiveTypes)
            {
                Creators = creators;
                PrimitiveTypes = primitiveTypes;
            }

            public NameSet Creators { get; }

            public HashSet<string> PrimitiveTypes { get; }
        }
    }
}
