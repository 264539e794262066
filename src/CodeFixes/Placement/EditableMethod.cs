using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.CodeFixes.Editing;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>A method or finalizer of the owner with a body (or expression body) a fix can append to.</summary>
    internal sealed class EditableMethod
    {
        private EditableMethod(DocumentEditor editor, BaseMethodDeclarationSyntax declaration, IMethodSymbol symbol, bool returnsValue)
        {
            Editor = editor;
            Declaration = declaration;
            Symbol = symbol;
            ReturnsValue = returnsValue;
        }

        public DocumentEditor Editor { get; }

        public BaseMethodDeclarationSyntax Declaration { get; }

        public IMethodSymbol Symbol { get; }

        /// <summary>A non-async Task/ValueTask method: its expression body becomes a return statement.</summary>
        public bool ReturnsValue { get; }

        public bool IsDisposeBool => DisposeShape.IsDisposeBool(Symbol);

        public bool IsFinalizer => Symbol.MethodKind == MethodKind.Destructor;

        /// <summary>Dispose(bool)'s parameter, under whose truth managed objects are released.</summary>
        public string? Disposing => IsDisposeBool ? Symbol.Parameters[0].Name : null;

        public static async Task<EditableMethod?> FromAsync(ReleaseEditSession session, IMethodSymbol? method, CancellationToken cancellationToken)
        {
            foreach (var reference in method?.DeclaringSyntaxReferences ?? Enumerable.Empty<SyntaxReference>())
            {
                if (await session.GetEditorAsync(reference.SyntaxTree, cancellationToken).ConfigureAwait(false) is { } editor
                    && editor.OriginalRoot.FindNode(reference.Span) is BaseMethodDeclarationSyntax declaration
                    && From(editor, declaration, cancellationToken) is { } editable)
                {
                    return editable;
                }
            }

            return null;
        }

        public static EditableMethod? From(DocumentEditor editor, BaseMethodDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            // Half-typed code (no body, a missing brace) is left alone rather than edited into something worse.
            if (declaration.ContainsDiagnostics || (declaration.Body is null && declaration.ExpressionBody is null)
                || declaration.ExpressionBody?.Expression is ThrowExpressionSyntax
                || editor.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol symbol
                || ReturnShape(symbol) is not { } returnsValue)
            {
                return null;
            }

            return new EditableMethod(editor, declaration, symbol, returnsValue);
        }

        /// <summary>False for a void (or async Task/ValueTask) method, true for a non-async Task/ValueTask or bool one, null for anything else.</summary>
        private static bool? ReturnShape(IMethodSymbol method)
        {
            if (method.ReturnsVoid)
            {
                return false;
            }

            // ReleaseHandle returns bool: its releases go before its last return.
            if (method.ReturnType.SpecialType == SpecialType.System_Boolean)
            {
                return true;
            }

            if (method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" } returnType
                && returnType.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
            {
                return !method.IsAsync;
            }

            return null;
        }

        /// <summary>How a title names it: Dispose(bool), IDisposable.Dispose(), the finalizer.</summary>
        public string Describe()
        {
            if (IsFinalizer)
            {
                return "the finalizer";
            }

            if (Symbol.MethodKind == MethodKind.ExplicitInterfaceImplementation && Symbol.ExplicitInterfaceImplementations.Length > 0)
            {
                var implemented = Symbol.ExplicitInterfaceImplementations[0];
                return implemented.ContainingType.Name + "." + implemented.Name + "()";
            }

            return Symbol.Name + "(" + string.Join(", ", Symbol.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";
        }
    }
}
