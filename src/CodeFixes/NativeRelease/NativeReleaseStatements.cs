using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Catalog;
using LockLeak.CodeFixes.Editing;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.NativeRelease
{
    /// <summary>The release of one native lock, as statements, and what guards a second run of them.</summary>
    internal sealed class NativeReleaseStatements
    {
        private NativeReleaseStatements(IReadOnlyList<StatementSyntax> statements, bool needsFlag, bool usesPointers, StatementSyntax? delete, StatementSyntax? free)
        {
            Statements = statements;
            NeedsFlag = needsFlag;
            UsesPointers = usesPointers;
            Delete = delete;
            Free = free;
        }

        /// <summary>The missing delete alone, unguarded: for a teardown that already guards it (placed before its free or reset).</summary>
        public StatementSyntax? Delete { get; }

        /// <summary>The missing free alone, unguarded: for a teardown that already guards it (placed after its delete).</summary>
        public StatementSyntax? Free { get; }

        /// <summary>
        /// The delete and free, guarded by the storage and resetting it (`if (_cs != IntPtr.Zero) { …; _cs = IntPtr.Zero; }`)
        /// when the storage can be reset; else bare, and <see cref="NeedsFlag"/> asks for the disposed-flag guard.
        /// </summary>
        public IReadOnlyList<StatementSyntax> Statements { get; }

        /// <summary>The storage cannot be reset (readonly field, inline struct): a second Dispose must be stopped by a disposed flag.</summary>
        public bool NeedsFlag { get; }

        /// <summary>The statements name a pointer: they need an unsafe context.</summary>
        public bool UsesPointers { get; }

        /// <summary>Null when the release cannot be written (no P/Invoke can be found or declared).</summary>
        public static async Task<NativeReleaseStatements?> BuildAsync(ReleaseEditSession session, Compilation compilation, ReleaseRequest request, CancellationToken cancellationToken)
        {
            var fix = request.Fix;

            if (fix.IsCollection)
            {
                return await NativeHandleLoop.BuildAsync(session, compilation, request, cancellationToken).ConfigureAwait(false) is { } loop
                    ? new NativeReleaseStatements(Format(new[] { loop }), needsFlag: false, usesPointers: false, delete: null, free: null)
                    : null;
            }

            var generator = request.Editor.Generator;
            var member = request.MemberExpression;
            var argumentType = NativeReleaseCallee.ArgumentType(compilation, request);
            var usesPointers = argumentType is IPointerTypeSymbol;
            var calls = new List<StatementSyntax>();
            var deleteOnly = false;
            StatementSyntax? delete = null;
            StatementSyntax? free = null;

            // The free's parameter is spelled as the release's when they are one type (`(IntPtr)_p` for both calls).
            TypeSyntax? releaseSpelling = null;
            ITypeSymbol? releaseParameter = null;
            if (fix.NeedsNativeRelease && fix.NativeRelease is not null)
            {
                if (await NativeReleaseCallee.FindOrDeclareAsync(session, compilation, request, cancellationToken).ConfigureAwait(false) is not { } callee)
                {
                    return null;
                }

                usesPointers |= callee.ParameterType is IPointerTypeSymbol;
                releaseSpelling = callee.ParameterSpelling;
                releaseParameter = callee.ParameterType;
                var pinned = fix.Passing == ArgumentPassing.Pinned ? PinnedAs(request) : null;
                if (fix.Passing == ArgumentPassing.Pinned && pinned is null)
                {
                    return null;
                }

                var argument = NativeArgument.Build(generator, compilation, pinned is null ? member : IdentifierName(pinned.Identifier), argumentType, callee.ParameterType, callee.ParameterSpelling, fix.Passing);

                // When the type already frees the lock's memory, the delete must run before that free.
                delete = ExpressionStatement(InvocationExpression(callee.Expression, ArgumentList(SingletonSeparatedList(argument))));
                if (pinned is not null)
                {
                    // A fixed-size buffer is reached only through a pinned pointer (CS1666 otherwise): pinned as its initialization pinned it.
                    delete = FixedStatement(
                        VariableDeclaration(((VariableDeclarationSyntax)pinned.Parent!).Type.WithoutTrivia(), SingletonSeparatedList(VariableDeclarator(pinned.Identifier.WithoutTrivia()).WithInitializer(EqualsValueClause(member)))),
                        Block(delete));
                }

                calls.Add(delete.WithAdditionalAnnotations(new SyntaxAnnotation(DisposeBody.BeforeFreeOf, request.Member.Name)));
                deleteOnly = fix.Free is null && FreesElsewhere(request);
            }

            if (fix.Free is { } api)
            {
                if (compilation.GetTypeByMetadataName(api.TypeMetadataName) is not { } freeType
                    || freeType.GetMembers(api.Free).OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 1) is not { } freeMethod)
                {
                    return null;
                }

                usesPointers |= freeMethod.Parameters[0].Type is IPointerTypeSymbol;
                var freeSpelling = SymbolEqualityComparer.Default.Equals(releaseParameter, freeMethod.Parameters[0].Type) ? releaseSpelling : null;
                var callee = generator.MemberAccessExpression(
                    generator.TypeExpression(freeType).WithAdditionalAnnotations(Simplifier.Annotation, ReleaseEditSession.ImportsAnnotation), api.Free);
                var argument = NativeArgument.Build(generator, compilation, member, request.MemberType, freeMethod.Parameters[0].Type, freeSpelling, ArgumentPassing.Value);
                free = ExpressionStatement(InvocationExpression((ExpressionSyntax)callee, ArgumentList(SingletonSeparatedList(argument))));
                calls.Add(free);
            }

            if (calls.Count == 0)
            {
                return null;
            }

            // The type frees the memory itself, after the delete this fix places before that free: resetting here would leak it.
            if (deleteOnly)
            {
                return new NativeReleaseStatements(Format(calls), needsFlag: false, usesPointers, Single(delete), Single(free));
            }

            if (NativeStorage.Zero(request.Member, request.MemberType, request.Fix.Passing) is { } zero)
            {
                // A Dispose may run twice, and a finalizer after a Dispose that did not suppress it: release once, then forget the storage.
                calls.Add(ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, member, zero)));
                var guarded = IfStatement(BinaryExpression(SyntaxKind.NotEqualsExpression, member, zero), Block(calls));
                return new NativeReleaseStatements(Format(new[] { guarded }), needsFlag: false, usesPointers, Single(delete), Single(free));
            }

            return new NativeReleaseStatements(Format(calls), needsFlag: true, usesPointers, Single(delete), Single(free));
        }

        /// <summary>The pointer the initialization pinned the buffer into: `fixed (byte* section = _cs)`; null when it was not pinned there.</summary>
        internal static VariableDeclaratorSyntax? PinnedAs(ReleaseRequest request) =>
            request.Creation.Ancestors().OfType<FixedStatementSyntax>().FirstOrDefault()?.Declaration.Variables.FirstOrDefault();

        private static StatementSyntax? Single(StatementSyntax? statement) => statement?.WithAdditionalAnnotations(Formatter.Annotation);

        private static IReadOnlyList<StatementSyntax> Format(IEnumerable<StatementSyntax> statements) =>
            statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();

        /// <summary>Whether a release path of the type already frees the member: then its delete only has to precede that free.</summary>
        private static bool FreesElsewhere(ReleaseRequest request) =>
            request.Owner.DeclaringSyntaxReferences
                .SelectMany(r => r.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>())
                .Any(i => i.Expression is MemberAccessExpressionSyntax access && NativeApi.IsMemoryFree(access.Name.Identifier.ValueText)
                    && i.ArgumentList.Arguments.Count == 1
                    && i.ArgumentList.Arguments[0].Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == request.Member.Name));
    }
}
