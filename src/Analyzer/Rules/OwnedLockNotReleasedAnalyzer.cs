using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockLeak.Catalog;
using LockLeak.Infrastructure;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak.Rules
{
    /// <summary>
    /// Finds lock primitives a type owns and does not release: LCK001 (no Dispose at all), LCK002 (Dispose forgets it),
    /// LCK003 (a native lock never deleted), LCK005 (released on some paths only) and LCK006 (LCK001/LCK002 for a primitive
    /// that holds no OS handle), each decided by its own
    /// <see cref="OwnedLockRule"/>. Compilation start resolves the catalog once; per type, cheap operation actions notice a
    /// lock creation, operation blocks are kept, and only a type in which a creation was noticed is analysed at symbol end.
    /// The same look at each type's declarations decides whether its constructors may drop a lock
    /// (<see cref="LockDroppedInConstructorRule"/>, LCK004).
    /// </summary>
    /// <remarks>
    /// The five rules share one registration because they share everything up to the report: the per-type gate, the
    /// operation blocks and the analysis of the type. The driver keeps state for every type of the compilation for each
    /// analyzer that registers symbol-start actions (about 35 MB at 10,000 types); four analyzers paid it, and the gate's
    /// callback, four times. LCK004 joined for the same reason from the other side: as an analyzer of its own, its
    /// compilation-wide syntax node action made the driver walk every node of every member for it.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OwnedLockNotReleasedAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<OwnedLockRule> Rules = ImmutableArray.Create<OwnedLockRule>(
            new TypeMustBeDisposableRule(),
            new LockNotReleasedInDisposeRule(),
            new NativeLockNeverDeletedRule(),
            new LockReleasedOnSomePathsRule(),
            new HandleFreeLockNeverDisposedRule());

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            Rules.Select(rule => rule.Descriptor).Append(LockDroppedInConstructorRule.Descriptor).ToImmutableArray();

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();

            // Generated code is not analysed (no Analyze flag); ReportDiagnostics spares each diagnostic the driver's
            // generated-code check, which reads every token of its file. Reporting.IsInHiddenCode covers the one case
            // that check would add.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            var state = CompilationState.For(context.Compilation);
            if (state.Catalog.IDisposable is null)
            {
                return;
            }

            context.RegisterSymbolStartAction(start => OnTypeStart(start, state), SymbolKind.NamedType);
        }

        private void OnTypeStart(SymbolStartAnalysisContext context, CompilationState state)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            {
                return;
            }

            if (!type.IsStatic && state.MayDropInConstructor(type, context.Options))
            {
                context.RegisterSyntaxNodeAction(node => LockDroppedInConstructorRule.AnalyzeConstructor(node, state, type), SyntaxKind.ConstructorDeclaration);
            }

            if (!state.CouldOwnLock(type, context.Options))
            {
                return;
            }

            var options = state.Options(context.Options, CompilationState.SourceTree(type));
            var collector = new TypeCollector(state.Catalog, type, options);
            context.RegisterOperationAction(collector.OnCreation, OperationKind.ObjectCreation, OperationKind.Invocation);
            context.RegisterOperationBlockAction(collector.OnBlock);
            context.RegisterSymbolEndAction(end =>
            {
                if (!collector.SawCreation)
                {
                    return;
                }

                var facts = collector.Analyze(end.CancellationToken);
                foreach (var rule in Rules)
                {
                    rule.Report(end, type, facts);
                }
            });
        }

        /// <summary>Gathers one type's operation blocks and notes whether any of them creates a lock primitive.</summary>
        private sealed class TypeCollector
        {
            private readonly LockCatalog catalog;
            private readonly INamedTypeSymbol type;
            private readonly LockLeakOptions options;
            // Every type of the compilation gets a collector, and only about one in a hundred holds a lock: the blocks
            // are kept in a plain list under a lock (no per-type ConcurrentDictionary, no hashing per block) and
            // grouped by owner only for the few types that are analysed.
            private readonly List<(ISymbol Owner, ImmutableArray<IOperation> Blocks)> blocks = new List<(ISymbol Owner, ImmutableArray<IOperation> Blocks)>();
            private readonly ImmutableHashSet<INamedTypeSymbol> additional;
            private int sawCreation;

            public TypeCollector(LockCatalog catalog, INamedTypeSymbol type, LockLeakOptions options)
            {
                this.catalog = catalog;
                this.type = type;
                this.options = options;
                additional = catalog.AdditionalTypes(options);
            }

            public bool SawCreation => Volatile.Read(ref sawCreation) != 0;

            public void OnCreation(OperationAnalysisContext context)
            {
                if (SawCreation)
                {
                    return;
                }

                var isCreation = context.Operation switch
                {
                    IObjectCreationOperation creation => catalog.ClassifyCreated(creation.Type, additional) is not null,
                    IInvocationOperation invocation => IsCreatingCall(invocation.TargetMethod),
                    _ => false,
                };
                if (isCreation)
                {
                    Interlocked.Exchange(ref sawCreation, 1);
                }
            }

            public void OnBlock(OperationBlockAnalysisContext context)
            {
                var entry = (context.OwningSymbol, context.OperationBlocks);
                lock (blocks)
                {
                    blocks.Add(entry);
                }
            }

            public TypeLockFacts Analyze(CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var byOwner = new Dictionary<ISymbol, ImmutableArray<IOperation>>(SymbolEqualityComparer.Default);
                lock (blocks)
                {
                    foreach (var (owningSymbol, operations) in blocks)
                    {
                        var owner = owningSymbol is IMethodSymbol method ? (method.PartialImplementationPart ?? method.OriginalDefinition) : owningSymbol.OriginalDefinition;
                        byOwner[owner] = byOwner.TryGetValue(owner, out var existing) ? existing.AddRange(operations) : operations;
                    }
                }

                return TypeLockAnalysis.Analyze(type, catalog, options, byOwner);
            }

            private bool IsCreatingCall(IMethodSymbol method)
            {
                if (!method.IsStatic)
                {
                    return catalog.Factories.IsFactory(method, additional);
                }

                // Only P/Invokes and factories are interesting; most static calls (LINQ, Math, string) leave here.
                if (method.IsExtern || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null
                    || method.ContainingAssembly is null || SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, catalog.Compilation.Assembly))
                {
                    if (catalog.GetNativeFunction(method) is { Role: NativeRole.InitializeInPlace or NativeRole.CreateHandle })
                    {
                        return true;
                    }
                }

                var containing = method.ContainingType;
                return catalog.IsManagedPrimitive(containing, additional) || catalog.GetWrapper(containing, additional) is not null
                    || catalog.Factories.IsFactory(method, additional);
            }
        }
    }
}
