using System.Collections.Generic;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>The owners of the existing-partial-teardown axis (<see cref="Teardown"/>), written as a maintainer would.</summary>
    public static partial class OwnerSourceWriter
    {
        private sealed partial class Writer
        {
            private const string Interop = "System.Runtime.InteropServices";

            private Teardown Shape => cell.Teardown;

            private bool Resettable => !Lock.ReadonlyField;

            private int AllocationBytes => Shape == Teardown.TwoLocksOneBlock ? 2 * LockBytes : LockBytes;

            /// <summary>The base types a teardown shape derives from; false when it has none.</summary>
            private bool TeardownBaseTypes()
            {
                var disposable = Shape is Teardown.BaseHookOnClosing or Teardown.SealedDisposeBoolHook ? Sys("IDisposable") : null;
                switch (Shape)
                {
                    case Teardown.BaseHookOnClosing:
                        Open($"public class OwnerBase : {disposable}");
                        Open("public void Dispose()");
                        Line("OnClosing();");
                        Line($"{Sys("GC")}.SuppressFinalize(this);");
                        Close();
                        Line();
                        Open("protected virtual void OnClosing()");
                        Close();
                        Close();
                        return true;
                    case Teardown.SealedDisposeBoolHook:
                        Open($"public class OwnerRoot : {disposable}");
                        PatternDispose();
                        Line();
                        Open("protected virtual void Dispose(bool disposing)");
                        Close();
                        Close();
                        Line();
                        Open("public class OwnerBase : OwnerRoot");
                        Open("protected sealed override void Dispose(bool disposing)");
                        Line("ReleaseResources();");
                        Line("base.Dispose(disposing);");
                        Close();
                        Line();
                        Open("protected virtual void ReleaseResources()");
                        Close();
                        Close();
                        return true;
                    default:
                        return false;
                }
            }

            private IEnumerable<string> TeardownBaseList()
            {
                switch (Shape)
                {
                    case Teardown.BaseHookOnClosing:
                    case Teardown.SealedDisposeBoolHook:
                        yield return "OwnerBase";
                        break;
                    case Teardown.ReleaseHandle:
                        yield return Use(Interop, "SafeHandle");
                        break;
                    case Teardown.BothPaths:
                        yield return Sys("IDisposable");
                        yield return Sys("IAsyncDisposable");
                        break;
                    default:
                        yield return Sys("IDisposable");
                        break;
                }
            }

            private void TeardownFields(string readOnly)
            {
                if (Shape == Teardown.TwoLocksOneBlock)
                {
                    Line($"private {readOnly}{FieldType()} _cond;");
                }
                else if (Shape == Teardown.LockStatement)
                {
                    Line("private readonly object _sync = new object();");
                }
            }

            private string TeardownBaseCall() => Shape == Teardown.ReleaseHandle ? $"\n        : base({Sys("IntPtr")}.Zero, true)" : string.Empty;

            private void TeardownConstruction()
            {
                if (Shape == Teardown.TwoLocksOneBlock)
                {
                    Line(Lock.Storage == NativeStorage.VoidPointer ? $"_cond = (byte*){FieldName} + {LockBytes};" : $"_cond = {FieldName} + {LockBytes};");
                    Line($"pthread_cond_init({InitArguments().Replace(FieldName, "_cond")});");
                }
                else if (Shape == Teardown.ReleaseHandle)
                {
                    Line(Lock.Storage == NativeStorage.VoidPointer ? $"SetHandle(({Sys("IntPtr")}){FieldName});" : $"SetHandle({FieldName});");
                }
            }

            private string NonZero(string value) => Lock.Storage switch
            {
                NativeStorage.VoidPointer => $"{value} != null",
                NativeStorage.IntPtr => $"{value} != {Sys("IntPtr")}.Zero",
                _ => $"{value} != 0",
            };

            private string Zero => Lock.Storage switch
            {
                NativeStorage.VoidPointer => "null",
                NativeStorage.IntPtr => $"{Sys("IntPtr")}.Zero",
                _ => "0",
            };

            private string Free(string value)
            {
                if (Lock.Memory == NativeMemorySource.Marshal)
                {
                    return $"{Use(Interop, "Marshal")}.FreeHGlobal({(Lock.Storage == NativeStorage.VoidPointer ? $"({Sys("IntPtr")}){value}" : value)});";
                }

                return $"{Use(Interop, "NativeMemory")}.Free({(Lock.Storage == NativeStorage.VoidPointer ? value : "(void*)" + value)});";
            }

            private string Delete(string value) =>
                $"{ReleaseName}({(Lock.ParameterTypeDiffers ? $"({ParameterType()}){value}" : value)});";

            /// <summary>
            /// The owner's own guard around its teardown: the storage check and reset where the storage can be reset,
            /// else the disposed flag with an early exit.
            /// </summary>
            private void Guarded(string exit, params string[] body)
            {
                if (Resettable)
                {
                    Open($"if ({NonZero(FieldName)})");
                    foreach (var line in body)
                    {
                        Line(line);
                    }

                    Line($"{FieldName} = {Zero};");
                    if (Shape == Teardown.TwoLocksOneBlock)
                    {
                        Line($"_cond = {Zero};");
                    }

                    Close();
                    return;
                }

                FlagExit(exit);
                foreach (var line in body)
                {
                    Line(line);
                }
            }

            private void FlagExit(string exit)
            {
                Open("if (_disposed)");
                Line(exit);
                Close();
                Line();
                Line("_disposed = true;");
            }

            private void TeardownMembers()
            {
                if (Shape != Teardown.SealedDisposeBoolHook)
                {
                    Line();
                }

                switch (Shape)
                {
                    case Teardown.FreeWithoutDelete:
                    case Teardown.TwoLocksOneBlock:
                        Open("public void Dispose()");
                        Guarded("return;", Free(FieldName));
                        Close();
                        return;
                    case Teardown.DeleteWithoutFree:
                        Open("public void Dispose()");
                        Guarded("return;", Delete(FieldName));
                        Close();
                        return;
                    case Teardown.ResetOnly:
                        Open("public void Dispose()");
                        Line($"{FieldName} = {Zero};");
                        Close();
                        return;
                    case Teardown.DisposedFlagEarlyReturn:
                        Open("public void Dispose()");
                        FlagExit("return;");
                        Line(Free(FieldName));
                        if (Resettable)
                        {
                            Line($"{FieldName} = {Zero};");
                        }

                        Close();
                        return;
                    case Teardown.DisposeBoolAndFinalizer:
                        PatternDispose();
                        Line();
                        Open($"{Modifier("protected virtual")} void Dispose(bool disposing)");
                        Open("if (disposing)");
                        Line($"{Sys("GC")}.KeepAlive(this);");
                        Close();
                        Line();
                        Guarded("return;", Free(FieldName));
                        Close();
                        Line();
                        Open("~Owner()");
                        Line("Dispose(false);");
                        Close();
                        return;
                    case Teardown.CleanupHelper:
                        Open("public void Dispose()");
                        Line("Cleanup();");
                        Line($"{Sys("GC")}.SuppressFinalize(this);");
                        Close();
                        Line();
                        Open("~Owner()");
                        Line("Cleanup();");
                        Close();
                        Line();
                        Open("private void Cleanup()");
                        Guarded("return;", Free(FieldName));
                        Close();
                        return;
                    case Teardown.InterlockedExchange:
                        Open("public void Dispose()");
                        Line($"var block = {Use("System.Threading", "Interlocked")}.Exchange(ref {FieldName}, {Zero});");
                        Open($"if ({NonZero("block")})");
                        Line(Free("block"));
                        Close();
                        Close();
                        return;
                    case Teardown.TryFinally:
                        Open("public void Dispose()");
                        if (!Resettable)
                        {
                            FlagExit("return;");
                        }

                        Open("try");
                        Line($"{Sys("GC")}.SuppressFinalize(this);");
                        Close();
                        Open("finally");
                        if (Resettable)
                        {
                            Guarded("return;", Free(FieldName));
                        }
                        else
                        {
                            Line(Free(FieldName));
                        }

                        Close();
                        Close();
                        return;
                    case Teardown.LockStatement:
                        Open("public void Dispose()");
                        Open("lock (_sync)");
                        Guarded("return;", Free(FieldName));
                        Close();
                        Close();
                        return;
                    case Teardown.BothPaths:
                        Open("public void Dispose()");
                        Guarded("return;", Free(FieldName));
                        Close();
                        Line();
                        Open($"public {Use("System.Threading.Tasks", "ValueTask")} DisposeAsync()");
                        Guarded("return default;", Free(FieldName));
                        Line("return default;");
                        Close();
                        return;
                    case Teardown.ReleaseHandle:
                        Line($"public override bool IsInvalid => handle == {Sys("IntPtr")}.Zero;");
                        Line();
                        Open("protected override bool ReleaseHandle()");
                        Guarded("return true;", Free(FieldName));
                        Line("return true;");
                        Close();
                        return;
                    case Teardown.BaseHookOnClosing:
                        Open("protected override void OnClosing()");
                        Guarded("return;", Free(FieldName));
                        Close();
                        return;
                    case Teardown.SealedDisposeBoolHook:
                        return;
                    case Teardown.DeleteAfterFree:
                        Open("public void Dispose()");
                        Guarded("return;", Free(FieldName));
                        Line();
                        Line(Delete(FieldName));
                        Close();
                        return;
                }
            }
        }
    }
}
