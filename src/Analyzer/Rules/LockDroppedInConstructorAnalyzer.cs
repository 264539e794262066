using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using LockLeak.Catalog;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Rules
{
    /// <summary>LCK004: a constructor creates a lock primitive into a local (or discards it) and neither stores nor releases it.</summary>
    /// <remarks>
    /// One callback per constructor, in three looks of rising cost. Its text first (<see cref="CreatorNames"/>): most
    /// constructors name nothing that can create a lock. Then its creations and static calls, by binding only the type
    /// they name (<see cref="CreationLook"/>); the constructor itself is bound, and its operation tree built, only when one
    /// of them names a lock primitive or a wrapper. Querying the constructor's semantic model directly would bind the
    /// whole body and run nullable analysis on it for every constructor of the compilation.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockDroppedInConstructorAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LockDroppedInConstructor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            // Generated code is not analysed (no Analyze flag); ReportDiagnostics spares each diagnostic the driver's
            // generated-code check, which reads every token of its file. Reporting.IsInHiddenCode covers the one case
            // that check would add.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var state = CompilationState.For(start.Compilation);
                if (state.Catalog.IDisposable is null)
                {
                    return;
                }

                start.RegisterSyntaxNodeAction(node => AnalyzeConstructor(node, state), SyntaxKind.ConstructorDeclaration);
            });
        }

        private static void AnalyzeConstructor(SyntaxNodeAnalysisContext context, CompilationState state)
        {
            var constructor = (ConstructorDeclarationSyntax)context.Node;
            SyntaxNode? body = constructor.Body ?? (SyntaxNode?)constructor.ExpressionBody;
            if (body is null || context.ContainingSymbol is not IMethodSymbol { IsStatic: false, ContainingType: { } type })
            {
                return;
            }

            var options = state.Options(context.Options, constructor.SyntaxTree);
            var additional = state.Catalog.AdditionalTypes(options);
            // Most constructors create nothing of the kind: their text says so before any node of theirs is walked.
            if (additional.IsEmpty && !state.Catalog.CreatorNames.MayCreate(constructor.SyntaxTree.GetText(context.CancellationToken), body.Span, type))
            {
                return;
            }

            var walk = ConstructorWalk.Of(constructor, body);
            if (walk.Candidates.Count == 0)
            {
                return;
            }

            var look = new CreationLook(state.Catalog, additional, context.SemanticModel, walk, type, context.CancellationToken);
            IOperation? root = null;
            foreach (var node in walk.Candidates)
            {
                if (!look.MayCreateLock(node))
                {
                    continue;
                }

                var creation = context.SemanticModel.GetOperation(node, context.CancellationToken);
                var name = creation is null ? null : state.Catalog.CreatedLockName(creation, look.Additional);
                if (name is null)
                {
                    continue;
                }

                root ??= context.SemanticModel.GetOperation(constructor, context.CancellationToken);
                if (root is null || DroppedLocks.DroppedFate(creation!, root, state.Catalog, options) is not { } fate)
                {
                    continue;
                }

                if (Reporting.IsInHiddenCode(node))
                {
                    continue;
                }

                var location = node.GetLocation();
                if (options.HonorPeerSuppressions && PeerSuppressions.IsSuppressed(fate.Local, context.ContainingSymbol, type, location))
                {
                    continue;
                }

                // A native handle (IntPtr from OpenMutex, CreateEvent...) has no Dispose: its fix closes it in a finally.
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.LockDroppedInConstructor,
                    location,
                    LockFix.ForDroppedLocal(fate.Local?.Name, state.Catalog.NativeHandleRelease(creation!)),
                    type.Name,
                    fate.Local is null ? "a " + name : name + " '" + fate.Local.Name + "'",
                    fate.Local is not null ? "in a local" : fate.Consumer is { } consumer ? "as the argument of '" + consumer.Name + "'" : "as a discarded value"));
            }
        }
    }
}
