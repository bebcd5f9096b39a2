using System.Collections;
using Jint.Native;
using Jint.Parser;
using Jint.Parser.Ast;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Parses a rule once and rewrites its syntax tree so many engines can run it safely, side by side:
/// it caps size and nesting, weaves a guard call before every statement and loop iteration, replaces regex
/// literals (which Jint 2.10 caches per tree) by a factory call, and fills Jint's lazy caches up front so
/// evaluations never write to the shared tree.
/// </summary>
internal sealed class ScriptPreparer
{
    // Names through which a script can get hold of a built-in without writing the built-in's own name.
    private static readonly HashSet<string> Reflective = ["getOwnPropertyDescriptor", "__lookupGetter__", "__lookupSetter__"];

    private readonly HashSet<object> visited = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly int maxDepth;
    private bool dynamic;

    private ScriptPreparer(int maxDepth)
    {
        this.maxDepth = maxDepth;
    }

    /// <summary>Parses and prepares <paramref name="source"/>. Runs on a sandbox worker: the parser recurses.</summary>
    /// <returns>
    /// The program, and every property or variable name it mentions — or null when it can reach properties by
    /// computed names, in which case every built-in must be assumed reachable.
    /// </returns>
    /// <exception cref="ScriptValidationException">The source is refused.</exception>
    public static (Program Program, IReadOnlySet<string>? Names) Prepare(string source, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length == 0)
        {
            throw new ScriptValidationException("source", "The source is empty.");
        }

        if (source.Length > options.MaxSourceLength)
        {
            throw new ScriptValidationException("source", $"The source is {source.Length} characters long; the limit is {options.MaxSourceLength}.");
        }

        Program program;
        try
        {
            program = new JavaScriptParser().Parse(source, new ParserOptions { Source = "rule" });
        }
        catch (ParserException e)
        {
            throw new ScriptValidationException("source", $"Syntax error at line {e.LineNumber}, column {e.Column}: {e.Description}");
        }

        var preparer = new ScriptPreparer(options.MaxNestingDepth);
        preparer.Visit(program, 0);
        return (program, preparer.dynamic ? null : preparer.names);
    }

    private SyntaxNode Visit(SyntaxNode node, int depth)
    {
        if (depth > maxDepth)
        {
            var line = node.Location?.Start.Line ?? 0;
            throw new ScriptValidationException("source", $"The script nests deeper than {maxDepth} levels (line {line}).");
        }

        if (!visited.Add(node))
        {
            return node;
        }

        if (node is Literal literal)
        {
            return literal.Type == SyntaxNodes.RegularExpressionLiteral ? RegExpCall(literal) : Precache(literal);
        }

        foreach (var slot in AstSlot.For(node.GetType()))
        {
            if (slot.ElementType is null)
            {
                VisitSingle(node, slot, depth);
            }
            else
            {
                VisitList(node, slot, depth);
            }
        }

        switch (node)
        {
            case Identifier identifier:
                Name(identifier.Name);
                break;
            case MemberExpression { Computed: true, Property: Literal { Value: var key } }:
                Name(Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case MemberExpression { Computed: true }:
                dynamic = true;
                break;
            case CallExpression call:
                PrecacheArguments(call);
                break;
            case WhileStatement loop:
                loop.Body = Guarded(loop.Body);
                break;
            case DoWhileStatement loop:
                loop.Body = Guarded(loop.Body);
                break;
            case ForStatement loop:
                loop.Body = Guarded(loop.Body);
                break;
            case ForInStatement loop:
                loop.Body = Guarded(loop.Body);
                break;
            case LabelledStatement labelled:
                // Jint writes this on every run; writing it now keeps the shared tree read-only afterwards.
                labelled.Body.LabelSet = labelled.Label.Name;
                break;
        }

        return node;
    }

    private void Name(string? name)
    {
        if (name is not null)
        {
            names.Add(name);
            dynamic |= Reflective.Contains(name);
        }
    }

    private void VisitSingle(SyntaxNode node, AstSlot slot, int depth)
    {
        if (slot.Get(node) is not SyntaxNode child)
        {
            return;
        }

        var replaced = Visit(child, depth + 1);
        if (!ReferenceEquals(replaced, child))
        {
            if (!slot.CanSet || !slot.Type.IsInstanceOfType(replaced))
            {
                throw NotHere(child);
            }

            slot.Set(node, replaced);
        }
    }

    private void VisitList(SyntaxNode node, AstSlot slot, int depth)
    {
        if (slot.Get(node) is not IEnumerable items)
        {
            return;
        }

        var statements = slot.ElementType == typeof(Statement);
        var changed = statements;
        var result = new List<object?>();
        foreach (var item in items)
        {
            if (item is SyntaxNode child)
            {
                var replaced = Visit(child, depth + 1);
                changed |= !ReferenceEquals(replaced, child);
                if (statements && child is not FunctionDeclaration)
                {
                    result.Add(GuardStatement(child));
                }

                result.Add(replaced);
            }
            else
            {
                result.Add(item);
            }
        }

        if (!changed)
        {
            return;
        }

        var typed = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(slot.ElementType!))!;
        foreach (var item in result)
        {
            if (item is not null && !slot.ElementType!.IsInstanceOfType(item))
            {
                throw NotHere((SyntaxNode)item);
            }

            typed.Add(item);
        }

        if (!slot.CanSet || !slot.Type.IsInstanceOfType(typed))
        {
            throw new ScriptValidationException("source", $"The script uses a construct the sandbox cannot guard ({node.Type}).");
        }

        slot.Set(node, typed);
    }

    private static ScriptValidationException NotHere(SyntaxNode node) =>
        new("source", $"A regular expression literal is not allowed at line {node.Location?.Start.Line ?? 0}; use new RegExp(pattern, flags).");

    private static Literal Precache(Literal literal)
    {
        var value = literal.Value switch
        {
            null => JsValue.Null,
            string s => new JsValue(s),
            bool b => new JsValue(b),
            double d => new JsValue(d),
            int i => new JsValue(i),
            _ => null,
        };
        if (value is not null)
        {
            literal.CachedValue = value;
            literal.Cached = true;
        }

        return literal;
    }

    private static void PrecacheArguments(CallExpression call)
    {
        if (call.Cached)
        {
            return;
        }

        // Jint caches all-literal argument arrays lazily, on the shared tree, from whichever thread gets there first.
        if (call.Arguments.All(argument => argument is Literal { Cached: true }))
        {
            call.CachedArguments = call.Arguments.Select(argument => ((Literal)argument).CachedValue).ToArray();
            call.Cached = true;
        }
        else
        {
            call.CanBeCached = false;
        }
    }

    private static CallExpression RegExpCall(Literal literal) => new()
    {
        Type = SyntaxNodes.CallExpression,
        Location = literal.Location,
        Range = literal.Range,
        Callee = NativeLiteral(SharedNatives.RegExpFactory, literal),
        Arguments = [Precache(new Literal { Type = SyntaxNodes.Literal, Value = literal.Raw, Raw = literal.Raw, Location = literal.Location, Range = literal.Range })],
        Cached = true,
        CachedArguments = [new JsValue(literal.Raw)],
    };

    private static Literal NativeLiteral(JsValue function, SyntaxNode at) => new()
    {
        Type = SyntaxNodes.Literal,
        Location = at.Location,
        Range = at.Range,
        Raw = "guard",
        Cached = true,
        CachedValue = function,
    };

    // Function declarations are hoisted; executing one in place does nothing, so it needs no guard.
    private static ExpressionStatement GuardStatement(SyntaxNode at) => new()
    {
        Type = SyntaxNodes.ExpressionStatement,
        Location = at.Location,
        Range = at.Range,
        Expression = new CallExpression
        {
            Type = SyntaxNodes.CallExpression,
            Location = at.Location,
            Range = at.Range,
            Callee = NativeLiteral(SharedNatives.Guard, at),
            Arguments = [],
            Cached = true,
            CachedArguments = [],
        },
    };

    private static Statement Guarded(Statement body) =>
        body is BlockStatement block && block.Body.Any()
            ? body
            : new BlockStatement { Type = SyntaxNodes.BlockStatement, Location = body.Location, Range = body.Range, Body = [GuardStatement(body), body] };
}
