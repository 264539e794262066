using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>
    /// Writes one cell as a file a person could have written: the owner, its base, the P/Invoke it needs, and only
    /// the using directives the file uses (so the input itself has no unnecessary using to hide a new one).
    /// </summary>
    public static partial class OwnerSourceWriter
    {
        /// <summary>The size the generated code gives every native lock: more than pthread_mutex_t (40 bytes on x64).</summary>
        public const int LockBytes = 64;

        public static string Write(OracleCell cell)
        {
            var w = new Writer(cell);
            var body = w.Types();
            var usings = w.Usings();
            var text = new StringBuilder();
            if (cell.File.UsingsInsideNamespace)
            {
                text.Append("namespace ").Append(cell.Namespace).Append('\n').Append("{\n");
                foreach (var u in usings)
                {
                    text.Append("    using ").Append(u).Append(";\n");
                }

                if (usings.Count > 0)
                {
                    text.Append('\n');
                }

                text.Append(Indent(body, "    "));
                text.Append("}\n");
            }
            else
            {
                foreach (var u in usings)
                {
                    text.Append("using ").Append(u).Append(";\n");
                }

                if (usings.Count > 0)
                {
                    text.Append('\n');
                }

                text.Append("namespace ").Append(cell.Namespace).Append(";\n\n").Append(body);
            }

            var result = text.ToString();
            return cell.File.Crlf ? result.Replace("\n", "\r\n") : result;
        }

        private static string Indent(string body, string indent) =>
            string.Concat(body.TrimEnd('\n').Split('\n').Select(line => (line.Length == 0 ? string.Empty : indent + line) + "\n"));

        /// <summary>Builds the text of one cell, remembering which namespaces it used.</summary>
        private sealed partial class Writer
        {
            private readonly OracleCell cell;
            private readonly SortedSet<string> used = new SortedSet<string>(System.StringComparer.Ordinal);
            private readonly StringBuilder sb = new StringBuilder();
            private int depth;

            public Writer(OracleCell cell) => this.cell = cell;

            private LockSpec Lock => cell.Lock;

            private bool Native => Lock.Family != LockFamily.Managed;

            private bool Pointers => Native && (Lock.Storage is NativeStorage.VoidPointer or NativeStorage.FixedBuffer || Lock.ParameterTypeDiffers || Lock.Memory == NativeMemorySource.NativeMemory);

            private bool Partial => Native && Lock.Import == ImportStyle.LibraryImport;

            private string FieldName => Lock.Family switch { LockFamily.Managed => "_gate", LockFamily.Pthread => "_mutex", _ => "_section" };

            /// <summary>The usings the file needs: those the project's implicit global usings do not already give.</summary>
            public IReadOnlyList<string> Usings()
            {
                var implicitGlobal = cell.File.ImplicitUsings ? ImplicitUsings.Namespaces : new HashSet<string>();
                return used.Where(u => !implicitGlobal.Contains(u)).ToList();
            }

            public string Types()
            {
                if (TeardownBaseTypes())
                {
                    Line();
                }
                else if (cell.Base != BaseShape.None)
                {
                    BaseTypes();
                    Line();
                }

                Owner();
                return sb.ToString();
            }

            private string Use(string ns, string name)
            {
                used.Add(ns);
                return name;
            }

            private string Sys(string name) => Use("System", name);

            private void Line(string text = "")
            {
                if (text.Length == 0)
                {
                    sb.Append('\n');
                    return;
                }

                sb.Append(' ', depth * 4).Append(text).Append('\n');
            }

            private void Open(string header)
            {
                Line(header);
                Line("{");
                depth++;
            }

            private void Close(string tail = "}")
            {
                depth--;
                Line(tail);
            }

            private string TypeKeyword(bool forBase)
            {
                if (forBase)
                {
                    return cell.IsRecordKind ? "record" : "class";
                }

                var partial = Partial ? "partial " : string.Empty;
                var @unsafe = Pointers ? "unsafe " : string.Empty;
                return cell.Kind switch
                {
                    OwnerKind.Class => @unsafe + partial + "class",
                    OwnerKind.SealedClass => @unsafe + "sealed " + partial + "class",
                    OwnerKind.Struct => @unsafe + partial + "struct",
                    OwnerKind.ReadonlyStruct => @unsafe + "readonly " + partial + "struct",
                    OwnerKind.Record => @unsafe + partial + "record",
                    OwnerKind.RecordStruct => @unsafe + partial + "record struct",
                    _ => @unsafe + "ref " + partial + "struct",
                };
            }

            private void BaseTypes()
            {
                var keyword = TypeKeyword(forBase: true);
                var disposable = Sys("IDisposable");
                switch (cell.Base)
                {
                    case BaseShape.VirtualDisposeBool:
                    case BaseShape.ProtectedInternalDisposeBool:
                    case BaseShape.AbstractDisposeBool:
                        var isAbstract = cell.Base == BaseShape.AbstractDisposeBool;
                        Open($"public {(isAbstract ? "abstract " : string.Empty)}{keyword} OwnerBase : {disposable}");
                        PatternDispose();
                        Line();
                        var access = cell.Base == BaseShape.ProtectedInternalDisposeBool ? "protected internal" : "protected";
                        if (isAbstract)
                        {
                            Line($"{access} abstract void Dispose(bool disposing);");
                        }
                        else
                        {
                            Open($"{access} virtual void Dispose(bool disposing)");
                            Close();
                        }

                        Close();
                        break;
                    case BaseShape.Hook:
                        Open($"public {keyword} OwnerBase : {disposable}");
                        Open("public void Dispose()");
                        Line("OnDisposing();");
                        Line($"{Sys("GC")}.SuppressFinalize(this);");
                        Close();
                        Line();
                        Open("protected virtual void OnDisposing()");
                        Close();
                        Close();
                        break;
                    case BaseShape.SealedOverride:
                        Open($"public {keyword} OwnerRoot : {disposable}");
                        PatternDispose();
                        Line();
                        Open("protected virtual void Dispose(bool disposing)");
                        Close();
                        Close();
                        Line();
                        Open($"public {keyword} OwnerBase : OwnerRoot");
                        Open("protected sealed override void Dispose(bool disposing)");
                        Line("base.Dispose(disposing);");
                        Close();
                        Close();
                        break;
                }
            }

            private void PatternDispose()
            {
                Open("public void Dispose()");
                Line("Dispose(true);");
                if (!cell.IsStructKind)
                {
                    Line($"{Sys("GC")}.SuppressFinalize(this);");
                }

                Close();
            }

            private void Owner()
            {
                var bases = new List<string>();
                if (cell.Teardown != Teardown.None)
                {
                    bases.AddRange(TeardownBaseList());
                }
                else if (cell.Base != BaseShape.None)
                {
                    bases.Add("OwnerBase");
                }
                else if (cell.Disposal is Disposal.Dispose or Disposal.ExplicitDispose or Disposal.ExpressionDispose
                    or Disposal.DisposeBoolIfDisposing or Disposal.DisposeBoolNoIf && cell.Kind != OwnerKind.RefStruct)
                {
                    bases.Add(Sys("IDisposable"));
                }
                else if (cell.Disposal == Disposal.DisposeAsyncOnly)
                {
                    bases.Add(Sys("IAsyncDisposable"));
                }

                Open($"public {TypeKeyword(forBase: false)} Owner{(bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty)}");
                Fields();
                Line();
                Constructor();
                DisposalMembers();
                if (Native)
                {
                    Imports();
                }

                Close();
            }

            private string FieldType() => Lock.Family switch
            {
                LockFamily.Managed => Use("System.Threading", Lock.ManagedType),
                _ => Lock.Storage switch
                {
                    NativeStorage.IntPtr => Sys("IntPtr"),
                    NativeStorage.Nint => "nint",
                    NativeStorage.VoidPointer => "void*",
                    NativeStorage.NestedStruct => "LockHolder",
                    NativeStorage.FixedBuffer => "LockBuffer",
                    _ => LockStruct,
                },
            };

            private string LockStruct => Lock.Family == LockFamily.Pthread ? "pthread_mutex_t" : "CRITICAL_SECTION";

            /// <summary>The lock itself: the field, or the field of the nested struct that holds it.</summary>
            private string LockPath => Lock.Storage is NativeStorage.NestedStruct or NativeStorage.FixedBuffer ? FieldName + ".Lock" : FieldName;

            private void Fields()
            {
                var readOnly = Lock.Family == LockFamily.Managed || Lock.ReadonlyField ? "readonly " : string.Empty;
                Line($"private {readOnly}{FieldType()} {FieldName};");
                if (cell.DisposedFlag)
                {
                    Line("private bool _disposed;");
                }

                TeardownFields(readOnly);
            }

            private void Constructor()
            {
                Open("public Owner()" + TeardownBaseCall());
                if (Lock.Family == LockFamily.Managed)
                {
                    Line($"{FieldName} = {ManagedCreation()};");
                }
                else
                {
                    if (!Lock.Storage.IsInline())
                    {
                        Line($"{FieldName} = {Allocation()};");
                    }

                    if (Lock.Storage == NativeStorage.FixedBuffer)
                    {
                        Open($"fixed (byte* lockBytes = {LockPath})");
                        Line($"{InitName}({InitArguments()});");
                        Close();
                    }
                    else
                    {
                        Line($"{InitName}({InitArguments()});");
                    }

                    TeardownConstruction();
                }

                Close();
            }

            private string ManagedCreation() => Lock.ManagedType switch
            {
                "SemaphoreSlim" => "new SemaphoreSlim(1)",
                "Semaphore" => "new Semaphore(1, 1)",
                "Mutex" => "new Mutex()",
                "ReaderWriterLockSlim" => "new ReaderWriterLockSlim()",
                "ManualResetEventSlim" => "new ManualResetEventSlim()",
                "CountdownEvent" => "new CountdownEvent(1)",
                "Barrier" => "new Barrier(1)",
                "ManualResetEvent" => "new ManualResetEvent(false)",
                "AutoResetEvent" => "new AutoResetEvent(false)",
                _ => "new EventWaitHandle(false, EventResetMode.AutoReset)",
            };

            private string Allocation()
            {
                var interop = "System.Runtime.InteropServices";
                if (Lock.Memory == NativeMemorySource.Marshal)
                {
                    var call = $"{Use(interop, "Marshal")}.AllocHGlobal({AllocationBytes})";
                    return Lock.Storage == NativeStorage.VoidPointer ? "(void*)" + call : call;
                }

                var native = $"{Use(interop, "NativeMemory")}.Alloc({AllocationBytes})";
                return Lock.Storage switch
                {
                    NativeStorage.IntPtr => $"({Sys("IntPtr")}){native}",
                    NativeStorage.Nint => "(nint)" + native,
                    _ => native,
                };
            }

            private string InitName => Lock.Family == LockFamily.Pthread ? "pthread_mutex_init" : "InitializeCriticalSection";

            private string ReleaseName => Lock.Family == LockFamily.Pthread ? "pthread_mutex_destroy" : "DeleteCriticalSection";

            /// <summary>The P/Invoke's lock parameter: the field's own type, or the other side of IntPtr/void*.</summary>
            private string ParameterType()
            {
                if (Lock.Storage == NativeStorage.FixedBuffer)
                {
                    return "byte*";
                }

                if (Lock.Storage.IsInline())
                {
                    return "ref " + LockStruct;
                }

                if (!Lock.ParameterTypeDiffers)
                {
                    return FieldType();
                }

                return Lock.Storage == NativeStorage.VoidPointer ? Sys("IntPtr") : "void*";
            }

            private string InitArguments()
            {
                string lockArgument;
                if (Lock.Storage == NativeStorage.FixedBuffer)
                {
                    lockArgument = "lockBytes";
                }
                else if (Lock.Storage.IsInline())
                {
                    lockArgument = "ref " + LockPath;
                }
                else if (!Lock.ParameterTypeDiffers)
                {
                    lockArgument = FieldName;
                }
                else
                {
                    lockArgument = $"({ParameterType()}){FieldName}";
                }

                if (Lock.Family != LockFamily.Pthread)
                {
                    return lockArgument;
                }

                var attribute = AttributeParameterType() == "void*" ? "null" : $"{Sys("IntPtr")}.Zero";
                return lockArgument + ", " + attribute;
            }

            private string AttributeParameterType() => Lock.ParameterTypeDiffers != (Lock.Storage == NativeStorage.VoidPointer) ? "void*" : Sys("IntPtr");

            private void Imports()
            {
                var interop = "System.Runtime.InteropServices";
                var library = Lock.Family == LockFamily.Pthread ? "libc" : "kernel32";
                var returns = Lock.Family == LockFamily.Pthread ? "int" : "void";
                var initParameters = $"{ParameterType()} {(Lock.Family == LockFamily.Pthread ? "mutex" : "section")}"
                    + (Lock.Family == LockFamily.Pthread ? $", {AttributeParameterType()} attr" : string.Empty);
                var releaseParameters = $"{ParameterType()} {(Lock.Family == LockFamily.Pthread ? "mutex" : "section")}";
                Import(interop, library, returns, InitName, initParameters);
                if (Lock.ReleaseDeclared)
                {
                    Import(interop, library, returns, ReleaseName, releaseParameters);
                }

                if (cell.Teardown == Teardown.TwoLocksOneBlock)
                {
                    Import(interop, library, returns, "pthread_cond_init", $"{ParameterType()} cond, {AttributeParameterType()} attr");
                    if (Lock.ReleaseDeclared)
                    {
                        Import(interop, library, returns, "pthread_cond_destroy", $"{ParameterType()} cond");
                    }
                }

                if (Lock.Storage == NativeStorage.FixedBuffer)
                {
                    Line();
                    Open("private unsafe struct LockBuffer");
                    Line($"public fixed byte Lock[{LockBytes}];");
                    Close();
                }

                if (Lock.Storage == NativeStorage.NestedStruct)
                {
                    Line();
                    Open("private struct LockHolder");
                    Line("public int Opens;");
                    Line($"public {LockStruct} Lock;");
                    Close();
                }

                if (Lock.Storage is NativeStorage.InlineStruct or NativeStorage.NestedStruct)
                {
                    Line();
                    Line($"[{Use(interop, "StructLayout")}({Use(interop, "LayoutKind")}.Sequential, Size = {LockBytes})]");
                    Open($"private struct {LockStruct}");
                    if (Lock.Family == LockFamily.Pthread)
                    {
                        Line("public long Word0;");
                    }
                    else
                    {
                        Line($"public {Sys("IntPtr")} DebugInfo;");
                        Line("public int LockCount;");
                        Line("public int RecursionCount;");
                        Line($"public {Sys("IntPtr")} OwningThread;");
                        Line($"public {Sys("IntPtr")} LockSemaphore;");
                        Line($"public {Sys("UIntPtr")} SpinCount;");
                    }

                    Close();
                }
            }

            private void Import(string interop, string library, string returns, string name, string parameters)
            {
                Line();
                if (Lock.Import == ImportStyle.DllImport)
                {
                    Line($"[{Use(interop, "DllImport")}(\"{library}\")]");
                    Line($"private static extern {returns} {name}({parameters});");
                }
                else
                {
                    Line($"[{Use(interop, "LibraryImport")}(\"{library}\")]");
                    Line($"private static partial {returns} {name}({parameters});");
                }
            }

            private string Modifier(string forClass) =>
                cell.Kind is OwnerKind.SealedClass || cell.IsStructKind ? "private" : forClass;

            private void FlagGuard(string exit = "return;")
            {
                if (!cell.DisposedFlag)
                {
                    return;
                }

                Open("if (_disposed)");
                Line(exit);
                Close();
                Line();
            }

            private void FlagSet()
            {
                if (cell.DisposedFlag)
                {
                    Line("_disposed = true;");
                }
            }

            private void DisposalMembers()
            {
                if (cell.Teardown != Teardown.None)
                {
                    TeardownMembers();
                    return;
                }

                var derived = cell.Base != BaseShape.None;
                switch (cell.Disposal)
                {
                    case FixOracle.Disposal.None:
                        return;
                    case FixOracle.Disposal.Dispose:
                        Line();
                        Open("public void Dispose()");
                        FlagGuard();
                        FlagSet();
                        Close();
                        return;
                    case FixOracle.Disposal.ExplicitDispose:
                        Line();
                        Open($"void {Sys("IDisposable")}.Dispose()");
                        FlagGuard();
                        FlagSet();
                        Close();
                        return;
                    case FixOracle.Disposal.ExpressionDispose:
                        Line();
                        if (cell.DisposedFlag)
                        {
                            Line("public void Dispose() => _disposed = true;");
                        }
                        else if (!cell.IsStructKind)
                        {
                            Line($"public void Dispose() => {Sys("GC")}.SuppressFinalize(this);");
                        }
                        else
                        {
                            // A struct has no finalizer to suppress; give the body something to call.
                            Line("public void Dispose() => Quiesce();");
                            Line();
                            Open("private static void Quiesce()");
                            Close();
                        }

                        return;
                    case FixOracle.Disposal.DisposeBoolIfDisposing:
                    case FixOracle.Disposal.DisposeBoolNoIf:
                        Line();
                        string header;
                        if (derived)
                        {
                            var access = cell.Base == BaseShape.ProtectedInternalDisposeBool ? "protected internal" : "protected";
                            header = $"{access} override void Dispose(bool disposing)";
                        }
                        else
                        {
                            PatternDispose();
                            Line();
                            header = $"{Modifier("protected virtual")} void Dispose(bool disposing)";
                        }

                        Open(header);
                        FlagGuard();
                        if (cell.Disposal == FixOracle.Disposal.DisposeBoolIfDisposing)
                        {
                            Open("if (disposing)");
                            Close();
                        }

                        FlagSet();
                        if (derived && cell.Base != BaseShape.AbstractDisposeBool)
                        {
                            Line("base.Dispose(disposing);");
                        }

                        Close();
                        return;
                    case FixOracle.Disposal.DisposeAsyncOnly:
                        Line();
                        var valueTask = Use("System.Threading.Tasks", "ValueTask");
                        Open($"public {valueTask} DisposeAsync()");
                        FlagGuard("return default;");
                        FlagSet();
                        Line("return default;");
                        Close();
                        return;
                    case FixOracle.Disposal.FinalizerOnly:
                        Line();
                        Open("~Owner()");
                        Close();
                        return;
                    case FixOracle.Disposal.HookOverride:
                        Line();
                        Open("protected override void OnDisposing()");
                        FlagGuard();
                        FlagSet();
                        Line("base.OnDisposing();");
                        Close();
                        return;
                }
            }
        }
    }
}
