using System.Collections.Immutable;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LockLeak.Catalog
{
    /// <summary>
    /// The interop a native lock goes through: which P/Invoke (DllImport or LibraryImport) binds to which entry point of
    /// <see cref="NativeApi"/>, and which allocation of the memory that holds a lock matches which free.
    /// </summary>
    internal sealed class NativeInterop
    {
        private readonly Compilation compilation;
        private readonly INamedTypeSymbol? libraryImportAttribute;
        private readonly ImmutableArray<(MemoryFamily Family, INamedTypeSymbol Type)> memoryTypes;
        private readonly AnswerCache<IMethodSymbol, NativeFunction?> nativeMethods = new AnswerCache<IMethodSymbol, NativeFunction?>(4096, SymbolEqualityComparer.Default);

        public NativeInterop(Compilation compilation)
        {
            this.compilation = compilation;
            libraryImportAttribute = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
            var types = ImmutableArray.CreateBuilder<(MemoryFamily, INamedTypeSymbol)>();
            foreach (var family in NativeApi.MemoryFamilies)
            {
                if (compilation.GetTypeByMetadataName(family.TypeMetadataName) is { } type)
                {
                    types.Add((family, type));
                }
            }

            memoryTypes = types.ToImmutable();
        }

        /// <summary>The native lock function a P/Invoke (DllImport or LibraryImport) binds to, by entry point.</summary>
        public NativeFunction? Function(IMethodSymbol method)
        {
            if (!method.IsStatic)
            {
                return null;
            }

            return nativeMethods.GetOrCompute(method.OriginalDefinition, this, static (m, interop) => interop.ComputeFunction(m));
        }

        private NativeFunction? ComputeFunction(IMethodSymbol method)
        {
            // In source only a P/Invoke can be one: extern (DllImport) or a partial definition the interop generator
            // implements (LibraryImport); every other method of the compilation leaves before its attributes are decoded.
            // A LibraryImport compiled into a reference is an ordinary method that keeps the attribute, so those are read.
            var definition = method.PartialDefinitionPart ?? method;
            if (!method.IsExtern && !definition.IsPartialDefinition && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly))
            {
                return null;
            }

            var dllImport = method.GetDllImportData();
            if (dllImport is not null)
            {
                return NativeApi.Find(dllImport.EntryPointName ?? method.Name);
            }

            foreach (var attribute in definition.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass
                    && (SymbolEqualityComparer.Default.Equals(attributeClass, libraryImportAttribute)
                        || attributeClass.Name is "LibraryImportAttribute" or "DllImportAttribute"))
                {
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "EntryPoint" && named.Value.Value is string entryPoint)
                        {
                            return NativeApi.Find(entryPoint);
                        }
                    }

                    return NativeApi.Find(method.Name);
                }
            }

            return null;
        }

        /// <summary>An allocation of a memory family of <see cref="NativeApi.MemoryFamilies"/>: the free that matches ("Marshal.FreeHGlobal"), or null.</summary>
        public string? MemoryFreeFor(IMethodSymbol method) => FamilyOf(method, allocation: true)?.FreeName;

        /// <summary>A free of a memory family of <see cref="NativeApi.MemoryFamilies"/>: its full name ("Marshal.FreeHGlobal"), or null.</summary>
        public string? MemoryFreeName(IMethodSymbol method) => FamilyOf(method, allocation: false)?.FreeName;

        private MemoryFamily? FamilyOf(IMethodSymbol method, bool allocation)
        {
            foreach (var (family, type) in memoryTypes)
            {
                if ((allocation ? family.Allocations.Contains(method.Name) : family.Free == method.Name)
                    && SymbolEqualityComparer.Default.Equals(method.ContainingType, type))
                {
                    return family;
                }
            }

            return null;
        }
    }
}
