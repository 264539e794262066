using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LockLeak.Bench
{
    /// <summary>One generated source file.</summary>
    internal sealed record GeneratedFile(string Path, string Text);

    /// <summary>
    /// Writes a deterministic C# code base of a given number of types. About one type in a hundred owns a lock
    /// primitive, in the creation and release shapes of SPEC.md (some leaking, most released); the rest is the
    /// ordinary code any project is mostly made of, so the benchmark shows what LockLeak costs where there is
    /// nothing to find as well as where there is.
    /// </summary>
    internal static class SolutionGenerator
    {
        /// <summary>Types per file: a few dozen types per file, as in a real project's folders.</summary>
        public const int TypesPerFile = 40;

        /// <summary>Number of lock shapes <see cref="WriteLockType"/> knows; shape k leaks when <see cref="ShapeLeaks"/> says so.</summary>
        public const int LockShapes = 14;

        /// <summary>
        /// `--di-constructors`: services and consumers get the dependency-injection constructors real libraries are made
        /// of (MassTransit's src/MassTransit has six constructors per ten types; the standard sets have one). Off, the
        /// sets are the ones every earlier session measured, so their figures stay comparable.
        /// </summary>
        public static bool DiConstructors { get; set; }

        public static List<GeneratedFile> Generate(int typeCount)
        {
            var files = new List<GeneratedFile>();
            var fileCount = (typeCount + TypesPerFile - 1) / TypesPerFile;
            for (var f = 0; f < fileCount; f++)
            {
                var first = f * TypesPerFile;
                var last = System.Math.Min(typeCount, first + TypesPerFile);
                var main = new StringBuilder();
                var second = new StringBuilder();
                WriteHeader(main, "Gen.F" + f);
                WriteHeader(second, "Gen.F" + f);
                for (var i = first; i < last; i++)
                {
                    WriteType(main, second, i);
                }

                main.AppendLine("}");
                second.AppendLine("}");
                files.Add(new GeneratedFile($"src/F{f}/Types{f}.cs", main.ToString()));
                files.Add(new GeneratedFile($"src/F{f}/Types{f}.Part2.cs", second.ToString()));
            }

            return files;
        }

        /// <summary>A single file of about <paramref name="lines"/> lines with the same mix, for the editor scenario.</summary>
        public static GeneratedFile GenerateLargeFile(int lines)
        {
            var main = new StringBuilder();
            var second = new StringBuilder();
            WriteHeader(main, "Gen.Large");
            var i = 1_000_000;
            while (CountLines(main) < lines - 2)
            {
                WriteType(main, second, i++);
            }

            // The second parts of partial types stay in the same file: the editor analyses one document.
            main.Append(second);
            main.AppendLine("}");
            return new GeneratedFile("src/Large/LargeFile.cs", main.ToString());
        }

        public static int CountLines(StringBuilder text)
        {
            var n = 0;
            for (var c = 0; c < text.Length; c++)
            {
                if (text[c] == '\n')
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>Whether lock shape <paramref name="shape"/> is a defect LockLeak reports.</summary>
        public static bool ShapeLeaks(int shape) => shape is 0 or 1 or 4 or 5 or 7 or 8 or 12;

        public static bool IsLockType(int i) => i % 100 == 7;

        private static void WriteHeader(StringBuilder sb, string ns)
        {
            sb.AppendLine("using System;");
            sb.AppendLine("using System.Collections.Generic;");
            sb.AppendLine("using System.IO;");
            sb.AppendLine("using System.Linq;");
            sb.AppendLine("using System.Runtime.InteropServices;");
            sb.AppendLine("using System.Threading;");
            sb.AppendLine("using System.Threading.Tasks;");
            sb.AppendLine();
            sb.Append("namespace ").AppendLine(ns);
            sb.AppendLine("{");
        }

        private static void WriteType(StringBuilder main, StringBuilder second, int i)
        {
            if (IsLockType(i))
            {
                WriteLockType(main, i, (i / 100) % LockShapes);
                return;
            }

            var s = i.ToString(CultureInfo.InvariantCulture);
            switch (i % 10)
            {
                case 0:
                    main.Append($$"""
                            public class Customer{{s}}
                            {
                                private readonly List<int> _values = new List<int>();
                                private string _name = "c{{s}}";

                                public int Id { get; set; }

                                public string Name { get => _name; set => _name = value ?? string.Empty; }

                                public int Sum() => _values.Where(v => v > Id).Select(v => v * 2).Sum();

                                public void Add(int value)
                                {
                                    if (value > 0)
                                    {
                                        _values.Add(value);
                                    }
                                    else
                                    {
                                        _values.Insert(0, -value);
                                    }
                                }

                                public override string ToString() => $"{Name}:{Id}";
                            }


                        """);
                    break;
                case 1:
                    main.Append($$"""
                            public sealed record Order{{s}}(int Id, string Name, decimal Amount)
                            {
                                public decimal Tax => Amount * 0.2m;

                                public Order{{s}} WithDiscount(decimal discount) => this with { Amount = Amount - discount };

                                public bool IsLarge() => Amount > 1000m && Name.Length > 0;
                            }


                        """);
                    break;
                case 2:
                    main.Append($$"""
                            public readonly struct Point{{s}} : IEquatable<Point{{s}}>
                            {
                                public Point{{s}}(int x, int y)
                                {
                                    X = x;
                                    Y = y;
                                }

                                public int X { get; }

                                public int Y { get; }

                                public double Length => Math.Sqrt((X * X) + (Y * Y));

                                public bool Equals(Point{{s}} other) => X == other.X && Y == other.Y;

                                public override bool Equals(object? obj) => obj is Point{{s}} p && Equals(p);

                                public override int GetHashCode() => HashCode.Combine(X, Y);
                            }


                        """);
                    break;
                case 3:
                    // A disposable owner of an ordinary disposable (not a lock): every fourth one forgets it, which is
                    // the peers' business (CA2213 / IDISP002), not LockLeak's.
                    var release = i % 40 == 3 ? "// the buffer is left to the GC" : "_buffer.Dispose();";
                    main.Append($$"""
                            public sealed class Buffer{{s}} : IDisposable
                            {
                                private readonly MemoryStream _buffer = new MemoryStream();
                                private bool _disposed;

                                public long Size => _buffer.Length;

                                public void Write(byte[] data)
                                {
                                    if (_disposed)
                                    {
                                        throw new ObjectDisposedException(nameof(Buffer{{s}}));
                                    }

                                    _buffer.Write(data, 0, data.Length);
                                }

                                public void Dispose()
                                {
                                    _disposed = true;
                                    {{release}}
                                }
                            }


                        """);
                    break;
                case 4:
                    // A service built by dependency injection, as most classes of a real library are: its constructor
                    // checks and stores what it is handed and calls methods on it (see DiConstructor).
                    var owner = "Customer" + (i - 4).ToString(CultureInfo.InvariantCulture);
                    main.Append($$"""
                            public class Service{{s}}
                            {
                                private int _calls;
                        {{(DiConstructors ? $$"""
                                private readonly {{owner}} _owner;

                                public Service{{s}}({{owner}} owner, IProgress<int>? progress, TimeSpan timeout)
                                {
                                    _owner = owner ?? throw new ArgumentNullException(nameof(owner));
                                    owner.Add((int)timeout.TotalSeconds);
                                    _owner.Add(TimeSpan.FromSeconds(1).Seconds);
                                    progress?.Report(owner.Id);
                                }
                        """ : string.Empty)}}

                                public Func<int, Task<int>> Next => async x =>
                                {
                                    await Task.Yield();
                                    return x + _calls;
                                };

                                public async Task<int> LoadAsync(CancellationToken cancellationToken)
                                {
                                    await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                                    using var stream = new MemoryStream();
                                    await stream.WriteAsync(new byte[] { 1, 2, 3 }, cancellationToken).ConfigureAwait(false);
                                    Interlocked.Increment(ref _calls);
                                    return (int)stream.Length;
                                }

                                public async ValueTask<string> NameAsync()
                                {
                                    var n = await LoadAsync(CancellationToken.None).ConfigureAwait(false);
                                    return n.ToString();
                                }
                            }


                        """);
                    break;
                case 5:
                    main.Append($$"""
                            public class Repository{{s}}<T>
                                where T : class
                            {
                                private readonly Dictionary<int, T> _items = new();

                                public int Count => _items.Count;

                                public T? Find(int id) => _items.TryGetValue(id, out var item) ? item : null;

                                public IEnumerable<T> Where(Func<T, bool> predicate) => _items.Values.Where(predicate);

                                public void Put(int id, T item) => _items[id] = item;

                                public TResult Aggregate<TResult>(TResult seed, Func<TResult, T, TResult> step) => _items.Values.Aggregate(seed, step);
                            }


                        """);
                    break;
                case 6:
                    main.Append($$"""
                            public partial class Handler{{s}}
                            {
                                private readonly Queue<string> _pending = new Queue<string>();

                                public int Pending => _pending.Count;

                                partial void OnHandled(string item);

                                public void Handle(string item)
                                {
                                    _pending.Enqueue(item);
                                    OnHandled(item);
                                }
                            }


                        """);
                    second.Append($$"""
                            public partial class Handler{{s}}
                            {
                                private int _handled;

                                partial void OnHandled(string item)
                                {
                                    _handled += item.Length;
                                    while (_pending.Count > 10)
                                    {
                                        _pending.Dequeue();
                                    }
                                }

                                public int Handled => _handled;
                            }


                        """);
                    break;
                case 7:
                    // Customer{i-7} is in the same file and namespace: TypesPerFile is a multiple of ten.
                    var target = "Customer" + (i - 7).ToString(CultureInfo.InvariantCulture);
                    var store = "Repository" + (i - 2).ToString(CultureInfo.InvariantCulture);
                    var handler = "Handler" + (i - 1).ToString(CultureInfo.InvariantCulture);
                    main.Append($$"""
                            public class Consumer{{s}}
                            {
                        {{(DiConstructors ? $$"""
                                private readonly {{target}} _customer;
                                private readonly {{store}}<{{target}}> _store;
                                private readonly List<{{handler}}> _handlers;
                                private readonly Dictionary<string, int> _counts;

                                public Consumer{{s}}({{target}} customer, IEnumerable<{{handler}}> handlers, IEqualityComparer<string>? comparer)
                                {
                                    _customer = customer ?? throw new ArgumentNullException(nameof(customer));
                                    customer.Add(1);
                                    _store = new {{store}}<{{target}}>();
                                    _store.Put(customer.Id, customer);
                                    _handlers = new List<{{handler}}>(handlers);
                                    _counts = new Dictionary<string, int>(comparer ?? StringComparer.Ordinal);
                                }

                                public Consumer{{s}}()
                                    : this(new {{target}}(), Array.Empty<{{handler}}>(), null)
                                {
                                }
                        """ : $$"""
                                private readonly {{target}} _customer = new {{target}}();
                                private readonly Dictionary<string, int> _counts = new Dictionary<string, int>(StringComparer.Ordinal);
                        """)}}

                                public event EventHandler? Changed;

                                public void Feed(IEnumerable<int> values)
                                {
                                    foreach (var v in values)
                                    {
                                        _customer.Add(v);
                                        _counts[v.ToString()] = _counts.TryGetValue(v.ToString(), out var c) ? c + 1 : 1;
                                    }

                                    Changed?.Invoke(this, EventArgs.Empty);
                                }

                                public int Total() => _customer.Sum() + _counts.Values.Sum();
                            }


                        """);
                    break;
                case 8:
                    main.Append($$"""
                            public static class Extensions{{s}}
                            {
                                public static int Twice{{s}}(this int x) => x * 2;

                                public static string JoinAll{{s}}<T>(this IEnumerable<T> items) => string.Join(",", items.Select(x => x?.ToString() ?? "-"));

                                public static IEnumerable<int> Evens{{s}}(this IEnumerable<int> items)
                                {
                                    foreach (var x in items)
                                    {
                                        if (x % 2 == 0)
                                        {
                                            yield return x;
                                        }
                                    }
                                }
                            }


                        """);
                    break;
                default:
                    main.Append($$"""
                            public class Reader{{s}}
                            {
                                public string Read(byte[] data)
                                {
                                    using (var stream = new MemoryStream(data))
                                    using (var reader = new StreamReader(stream))
                                    {
                                        return reader.ReadToEnd();
                                    }
                                }

                                public int Peek(byte[] data)
                                {
                                    var stream = new MemoryStream(data);
                                    return stream.ReadByte();
                                }

                                public static Reader{{s}} Create() => new Reader{{s}}();
                            }


                        """);
                    break;
            }
        }

        /// <summary>The lock-owning shapes of SPEC.md; <see cref="ShapeLeaks"/> lists the defective ones.</summary>
        private static void WriteLockType(StringBuilder sb, int i, int shape)
        {
            var s = i.ToString(CultureInfo.InvariantCulture);
            switch (shape)
            {
                case 0:
                    // LCK001: created in the constructor, the type has no Dispose at all.
                    sb.Append($$"""
                            public class StoreContext{{s}}
                            {
                                private readonly SemaphoreSlim _gate;

                                public StoreContext{{s}}()
                                {
                                    _gate = new SemaphoreSlim(1);
                                }

                                public async Task RunAsync(Func<Task> work)
                                {
                                    await _gate.WaitAsync().ConfigureAwait(false);
                                    try
                                    {
                                        await work().ConfigureAwait(false);
                                    }
                                    finally
                                    {
                                        _gate.Release();
                                    }
                                }
                            }


                        """);
                    break;
                case 1:
                    // LCK002: Dispose exists and forgets the lock.
                    sb.Append($$"""
                            public sealed class StoreCache{{s}} : IDisposable
                            {
                                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                                private readonly Dictionary<string, string> _stores = new Dictionary<string, string>();

                                public void Add(string name, string path)
                                {
                                    _lock.EnterWriteLock();
                                    try
                                    {
                                        _stores[name] = path;
                                    }
                                    finally
                                    {
                                        _lock.ExitWriteLock();
                                    }
                                }

                                public void Dispose() => _stores.Clear();
                            }


                        """);
                    break;
                case 2:
                    sb.Append($$"""
                            public sealed class Throttle{{s}} : IDisposable
                            {
                                private readonly SemaphoreSlim _gate = new SemaphoreSlim(4, 4);

                                public bool TryEnter() => _gate.Wait(0);

                                public void Exit() => _gate.Release();

                                public void Dispose()
                                {
                                    _gate.Dispose();
                                }
                            }


                        """);
                    break;
                case 3:
                    sb.Append($$"""
                            public class Journal{{s}} : IDisposable
                            {
                                private readonly Mutex _mutex;
                                private bool _disposed;

                                public Journal{{s}}(string name)
                                {
                                    _mutex = new Mutex(false, name);
                                }

                                public void Append(string line)
                                {
                                    _mutex.WaitOne();
                                    try
                                    {
                                        Console.WriteLine(line);
                                    }
                                    finally
                                    {
                                        _mutex.ReleaseMutex();
                                    }
                                }

                                protected virtual void Dispose(bool disposing)
                                {
                                    if (_disposed)
                                    {
                                        return;
                                    }

                                    if (disposing)
                                    {
                                        _mutex.Dispose();
                                    }

                                    _disposed = true;
                                }

                                public void Dispose()
                                {
                                    Dispose(true);
                                    GC.SuppressFinalize(this);
                                }
                            }


                        """);
                    break;
                case 4:
                    // LCK005: released only when a counter says so.
                    sb.Append($$"""
                            public sealed class Signal{{s}} : IDisposable
                            {
                                private readonly ManualResetEvent _ready = new ManualResetEvent(false);
                                private int _waiters;

                                public void Wait()
                                {
                                    Interlocked.Increment(ref _waiters);
                                    _ready.WaitOne();
                                }

                                public void Set() => _ready.Set();

                                public void Dispose()
                                {
                                    if (_waiters == 0)
                                    {
                                        _ready.Dispose();
                                    }
                                }
                            }


                        """);
                    break;
                case 5:
                    // A wrapper that releases its own lock, and an owner of the wrapper that never disposes it (LCK001).
                    sb.Append($$"""
                            public sealed class LockHolder{{s}} : IDisposable
                            {
                                private readonly SemaphoreSlim _inner = new SemaphoreSlim(1);

                                public void Enter() => _inner.Wait();

                                public void Exit() => _inner.Release();

                                public void Dispose() => _inner.Dispose();
                            }

                            public class Session{{s}}
                            {
                                private readonly LockHolder{{s}} _holder;

                                public Session{{s}}()
                                {
                                    _holder = new LockHolder{{s}}();
                                }

                                public void Touch()
                                {
                                    _holder.Enter();
                                    _holder.Exit();
                                }
                            }


                        """);
                    break;
                case 6:
                    // The classic store object, done right: a native critical section deleted and freed by the finalizer and Dispose.
                    sb.Append($$"""
                            public sealed class NativeStore{{s}} : IDisposable
                            {
                                private IntPtr _cs;

                                public NativeStore{{s}}()
                                {
                                    _cs = Marshal.AllocHGlobal(64);
                                    InitializeCriticalSection(_cs);
                                }

                                ~NativeStore{{s}}()
                                {
                                    Release();
                                }

                                public void Dispose()
                                {
                                    Release();
                                    GC.SuppressFinalize(this);
                                }

                                private void Release()
                                {
                                    if (_cs != IntPtr.Zero)
                                    {
                                        DeleteCriticalSection(_cs);
                                        Marshal.FreeHGlobal(_cs);
                                        _cs = IntPtr.Zero;
                                    }
                                }

                                [DllImport("kernel32.dll")]
                                private static extern void InitializeCriticalSection(IntPtr criticalSection);

                                [DllImport("kernel32.dll")]
                                private static extern void DeleteCriticalSection(IntPtr criticalSection);
                            }


                        """);
                    break;
                case 7:
                    // LCK003: the critical section is initialized and never deleted, its memory never freed.
                    sb.Append($$"""
                            internal sealed class StoreObject{{s}}
                            {
                                private readonly IntPtr _cs;

                                public StoreObject{{s}}()
                                {
                                    _cs = Marshal.AllocHGlobal(64);
                                    InitializeCriticalSection(_cs);
                                }

                                public void Enter() => EnterCriticalSection(_cs);

                                public void Leave() => LeaveCriticalSection(_cs);

                                [DllImport("kernel32.dll")]
                                private static extern void InitializeCriticalSection(IntPtr criticalSection);

                                [DllImport("kernel32.dll")]
                                private static extern void EnterCriticalSection(IntPtr criticalSection);

                                [DllImport("kernel32.dll")]
                                private static extern void LeaveCriticalSection(IntPtr criticalSection);
                            }


                        """);
                    break;
                case 8:
                    // LCK004: created into a local in the constructor and dropped.
                    sb.Append($$"""
                            public class Warmup{{s}}
                            {
                                private readonly int _permits;

                                public Warmup{{s}}(int permits)
                                {
                                    var probe = new SemaphoreSlim(permits);
                                    _permits = probe.CurrentCount;
                                }

                                public int Permits => _permits;
                            }


                        """);
                    break;
                case 9:
                    // Lock striping: an array filled by a loop in the constructor, released element by element.
                    sb.Append($$"""
                            public sealed class Striped{{s}} : IDisposable
                            {
                                private readonly SemaphoreSlim[] _stripes;

                                public Striped{{s}}(int count)
                                {
                                    _stripes = new SemaphoreSlim[count];
                                    for (var n = 0; n < count; n++)
                                    {
                                        _stripes[n] = new SemaphoreSlim(1);
                                    }
                                }

                                public SemaphoreSlim For(object key) => _stripes[(key.GetHashCode() & int.MaxValue) % _stripes.Length];

                                public void Dispose()
                                {
                                    foreach (var stripe in _stripes)
                                    {
                                        stripe.Dispose();
                                    }
                                }
                            }


                        """);
                    break;
                case 10:
                    sb.Append($$"""
                            public sealed class AsyncStore{{s}} : IAsyncDisposable
                            {
                                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

                                public async Task WriteAsync(Stream stream, byte[] data)
                                {
                                    await _gate.WaitAsync().ConfigureAwait(false);
                                    try
                                    {
                                        await stream.WriteAsync(data, 0, data.Length).ConfigureAwait(false);
                                    }
                                    finally
                                    {
                                        _gate.Release();
                                    }
                                }

                                public ValueTask DisposeAsync()
                                {
                                    _gate.Dispose();
                                    return default;
                                }
                            }


                        """);
                    break;
                case 11:
                    // A kernel mutex handle from CreateMutex, closed by Dispose(bool) outside `if (disposing)`.
                    sb.Append($$"""
                            public class KernelMutex{{s}} : IDisposable
                            {
                                private IntPtr _handle;

                                public KernelMutex{{s}}()
                                {
                                    _handle = CreateMutex(IntPtr.Zero, false, null);
                                }

                                ~KernelMutex{{s}}() => Dispose(false);

                                public void Dispose()
                                {
                                    Dispose(true);
                                    GC.SuppressFinalize(this);
                                }

                                protected virtual void Dispose(bool disposing)
                                {
                                    if (_handle != IntPtr.Zero)
                                    {
                                        CloseHandle(_handle);
                                        _handle = IntPtr.Zero;
                                    }
                                }

                                [DllImport("kernel32.dll", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                                private static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string? name);

                                [DllImport("kernel32.dll")]
                                private static extern bool CloseHandle(IntPtr handle);
                            }


                        """);
                    break;
                case 12:
                    // LCK002 on a generic, partial-free record-like class with a Dispose(bool) override that forgets.
                    sb.Append($$"""
                            public abstract class ResourceBase{{s}} : IDisposable
                            {
                                public void Dispose()
                                {
                                    Dispose(true);
                                    GC.SuppressFinalize(this);
                                }

                                protected virtual void Dispose(bool disposing)
                                {
                                }
                            }

                            public class Pool{{s}}<T> : ResourceBase{{s}}
                            {
                                private readonly AutoResetEvent _available = new AutoResetEvent(true);
                                private readonly Stack<T> _items = new Stack<T>();

                                public T? Rent()
                                {
                                    _available.WaitOne();
                                    return _items.Count > 0 ? _items.Pop() : default;
                                }

                                protected override void Dispose(bool disposing)
                                {
                                    if (disposing)
                                    {
                                        _items.Clear();
                                    }

                                    base.Dispose(disposing);
                                }
                            }


                        """);
                    break;
                default:
                    // A lock handed in from outside is not owned: nothing to report.
                    sb.Append($$"""
                            public sealed class Borrower{{s}}
                            {
                                private readonly ReaderWriterLockSlim _shared;

                                public Borrower{{s}}(ReaderWriterLockSlim shared)
                                {
                                    _shared = shared;
                                }

                                public T Read<T>(Func<T> read)
                                {
                                    _shared.EnterReadLock();
                                    try
                                    {
                                        return read();
                                    }
                                    finally
                                    {
                                        _shared.ExitReadLock();
                                    }
                                }
                            }


                        """);
                    break;
            }
        }
    }
}
