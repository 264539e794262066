using System.Linq;
using Microsoft.CodeAnalysis;

namespace LockLeak.CodeFixes
{
    /// <summary>What one LCK001/LCK002 diagnostic asks to release, read from its <see cref="FixProperties"/>.</summary>
    internal sealed class ReleaseRequest
    {
        private ReleaseRequest(Diagnostic diagnostic, string member, ITypeSymbol memberType, bool mayBeNull, bool isCollection, bool isAsyncRelease)
        {
            Diagnostic = diagnostic;
            Member = member;
            MemberType = memberType;
            MayBeNull = mayBeNull;
            IsCollection = isCollection;
            IsAsyncRelease = isAsyncRelease;
        }

        public Diagnostic Diagnostic { get; }

        public string Member { get; }

        public ITypeSymbol MemberType { get; }

        public bool MayBeNull { get; }

        public bool IsCollection { get; }

        /// <summary>The primitive is an async-only wrapper: it is released with `await x.DisposeAsync()`.</summary>
        public bool IsAsyncRelease { get; }

        /// <summary>Null when the diagnostic does not name a managed member of <paramref name="type"/> this fix can release.</summary>
        public static ReleaseRequest? From(Diagnostic diagnostic, INamedTypeSymbol type)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(FixProperties.Member, out var member) || string.IsNullOrEmpty(member))
            {
                return null;
            }

            // Native locks are LCK003's: their release is a P/Invoke, not a Dispose call.
            if (properties.TryGetValue(FixProperties.Kind, out var kind) && kind is "NativeInPlace" or "NativeHandle")
            {
                return null;
            }

            var memberType = type.GetMembers(member!).Select(m => m switch
            {
                IFieldSymbol { IsStatic: false } field => field.Type,
                IPropertySymbol { IsStatic: false, IsIndexer: false } property => property.Type,
                _ => null,
            }).FirstOrDefault(t => t is not null);
            if (memberType is null)
            {
                return null;
            }

            var releaseMethod = properties.TryGetValue(FixProperties.ReleaseMethod, out var method) ? method : "Dispose";
            if (releaseMethod is not ("Dispose" or "DisposeAsync"))
            {
                return null;
            }

            return new ReleaseRequest(
                diagnostic,
                member!,
                memberType,
                IsTrue(properties, FixProperties.MayBeNull),
                IsTrue(properties, FixProperties.Collection),
                releaseMethod == "DisposeAsync");
        }

        private static bool IsTrue(System.Collections.Immutable.ImmutableDictionary<string, string?> properties, string key) =>
            properties.TryGetValue(key, out var value) && value == "true";
    }
}
