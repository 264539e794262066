using System;
using System.Collections.Generic;
using LockLeak.CodeFixes.Editing;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// The owner is disposed by its base type, whose Dispose(bool), Dispose() or protected virtual hook it can
    /// override: the override releases (managed under `if (disposing)`, native outside it) and calls the base's,
    /// unless that one is abstract (CS0205).
    /// </summary>
    internal static class BaseOverridePlacement
    {
        public static string? Apply(OwnerDisposal shape, ReleaseSet set)
        {
            var overridden = shape.Overridden!;
            var parameter = DisposeShape.IsDisposeBool(overridden) ? overridden.Parameters[0].Name : null;
            if (NewMembers.Managed(set, parameter) is not { } managed)
            {
                return null;
            }

            var generator = set.Editor.Generator;
            var body = new List<SyntaxNode>();
            if (managed.Count > 0)
            {
                if (parameter is not null)
                {
                    body.Add(DisposeBody.IfDisposing(parameter, managed));
                }
                else
                {
                    body.AddRange(managed);
                }
            }

            body.AddRange(set.NativeStatements(set.Declaration));
            if (!overridden.IsAbstract)
            {
                var arguments = parameter is null ? Array.Empty<SyntaxNode>() : new[] { generator.IdentifierName(parameter) };
                body.Add(generator.ExpressionStatement(generator.InvocationExpression(
                    generator.MemberAccessExpression(generator.BaseExpression(), overridden.Name), arguments)));
            }

            var parameters = parameter is null
                ? Array.Empty<SyntaxNode>()
                : new[] { generator.ParameterDeclaration(parameter, generator.TypeExpression(SpecialType.System_Boolean)) };
            var method = generator.MethodDeclaration(
                overridden.Name,
                parameters,
                accessibility: shape.OverrideAccessibility,
                modifiers: DeclarationModifiers.Override);
            method = NewMembers.WithBody(method, body);

            NewMembers.Add(set, new[] { method });
            set.DeclareFlag();
            return "in an override of " + overridden.Name + "(" + (parameter is null ? string.Empty : "bool") + ")";
        }
    }
}
