using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Catalog;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using static LockLeak.Infrastructure.OperationShapes;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// Works out, for one type, which lock primitives it creates into its own instance members, which of them its release
    /// paths release (and whether only conditionally), and which escape to a new owner. Runs only for types in which a
    /// creation was seen. Each stage lives in its own class: <see cref="CreationFinder"/>, <see cref="ReleaseFinder"/>
    /// (with <see cref="ReleaseConditions"/>) and <see cref="EscapeFinder"/>, over one <see cref="OwnerScope"/>.
    /// </summary>
    internal static class TypeLockAnalysis
    {
        public static TypeLockFacts Analyze(INamedTypeSymbol type, LockCatalog catalog, LockLeakOptions options, IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> blocks)
        {
            var scope = new OwnerScope(type, catalog, options, blocks);
            var creations = new CreationFinder(scope);
            creations.FindCreations();
            var owned = creations.Owned;

            // Nothing is asked of a type that owns no lock: its disposal model is never built.
            var disposal = owned.Count > 0 ? DisposalModel.For(type, catalog.Compilation, options) : DisposalModel.None(type);
            var roots = disposal.Roots;
            if (owned.Count > 0)
            {
                disposal.FindThreadBodies(blocks.Values.SelectMany(b => b));
                foreach (var pointer in creations.BlockPointers)
                {
                    if (owned.TryGetValue(pointer.Key, out var inBlock) && creations.MemoryAllocations.ContainsKey(pointer.Value))
                    {
                        foreach (var lockInfo in inBlock.InMember)
                        {
                            lockInfo.Block = pointer.Value;
                        }
                    }
                }


                new ReleaseFinder(scope, owned, disposal).FindReleases();
                new EscapeFinder(scope, owned).FindEscapes();
            }

            foreach (var entry in owned)
            {
                var member = entry.Key;
                foreach (var lockInfo in entry.Value.InMember)
                {
                    if (lockInfo.Kind == LockKind.NativeInPlace && creations.MemoryAllocations.TryGetValue(member, out var free))
                    {
                        lockInfo.MemoryFree = free;
                    }

                    // What is found of the member (its escape, the free of its memory) holds for every lock in it.
                    lockInfo.Escaped |= entry.Value.Escaped;
                    lockInfo.MemoryFreed |= entry.Value.MemoryFreed;
                    lockInfo.MayBeNull |= creations.NullAssigned.Contains(member) || !creations.UnconditionallyStored.Contains(member)
                        || MemberType(member)?.NullableAnnotation == NullableAnnotation.Annotated;
                }
            }

            HandleFreeLocks.Mark(scope, owned.Values.SelectMany(l => l.InMember));
            ReusableTeardown.Mark(scope, disposal, owned.Values.SelectMany(l => l.InMember));

            // lockleak.slim_needs_wait_handle: what would be LCK006 is not reported at all.
            var locks = owned.Values.SelectMany(l => l.InMember)
                .Where(l => !(options.SlimNeedsWaitHandle && l.HoldsNoHandle))
                .OrderBy(l => l.Creation.Syntax.SyntaxTree.FilePath, StringComparer.Ordinal)
                .ThenBy(l => l.Creation.Syntax.SpanStart)
                .ToImmutableArray();

            return new TypeLockFacts(locks, disposal, roots.FirstOrDefault(), roots.Length > 0, catalog.IsDisposable(type), options);
        }
    }
}
