using System.Collections.Concurrent;
using System.Reflection;
using Jint.Parser;
using Jint.Parser.Ast;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>One child slot of a syntax node type (a node, or a list of nodes), found by reflection once per type.</summary>
internal sealed class AstSlot
{
    // Hoisting lists repeat declarations that also sit in the body; positions and tokens are not children.
    private static readonly HashSet<string> Skipped = ["FunctionDeclarations", "VariableDeclarations", "Location", "Range", "Comments", "Tokens", "Errors"];
    private static readonly ConcurrentDictionary<Type, AstSlot[]> Cache = new();

    private readonly Func<object, object?> getter;
    private readonly Action<object, object?>? setter;

    private AstSlot(string name, Type type, Type? elementType, Func<object, object?> getter, Action<object, object?>? setter)
    {
        Name = name;
        Type = type;
        ElementType = elementType;
        this.getter = getter;
        this.setter = setter;
    }

    public string Name { get; }

    /// <summary>The declared type of the member.</summary>
    public Type Type { get; }

    /// <summary>For a list slot, the declared element type; null for a single node.</summary>
    public Type? ElementType { get; }

    public bool CanSet => setter is not null;

    public object? Get(object node) => getter(node);

    public void Set(object node, object? value)
    {
        if (setter is null)
        {
            throw new InvalidOperationException($"Slot {Name} cannot be replaced.");
        }

        setter(node, value);
    }

    public static AstSlot[] For(Type nodeType) => Cache.GetOrAdd(nodeType, Discover);

    private static AstSlot[] Discover(Type nodeType)
    {
        var slots = new List<AstSlot>();
        foreach (var field in nodeType.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (Skipped.Contains(field.Name))
            {
                continue;
            }

            var slot = Classify(field.Name, field.FieldType, field.GetValue, field.IsInitOnly ? null : field.SetValue);
            if (slot is not null)
            {
                slots.Add(slot);
            }
        }

        foreach (var property in nodeType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (Skipped.Contains(property.Name) || !property.CanRead || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var slot = Classify(property.Name, property.PropertyType, property.GetValue, property.CanWrite ? property.SetValue : null);
            if (slot is not null)
            {
                slots.Add(slot);
            }
        }

        return [.. slots];
    }

    private static AstSlot? Classify(string name, Type type, Func<object, object?> getter, Action<object, object?>? setter)
    {
        if (IsNodeType(type))
        {
            return new AstSlot(name, type, null, getter, setter);
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var element] && IsNodeType(element)
            && typeof(IEnumerable<>).MakeGenericType(element).IsAssignableFrom(type))
        {
            return new AstSlot(name, type, element, getter, setter);
        }

        return null;
    }

    private static bool IsNodeType(Type type) => typeof(SyntaxNode).IsAssignableFrom(type) || type == typeof(IPropertyKeyExpression);
}
