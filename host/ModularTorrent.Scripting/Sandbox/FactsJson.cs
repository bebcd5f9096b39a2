using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>Turns flat facts into the JSON text the engine parses itself: no CLR object ever reaches a script.</summary>
public static class FactsJson
{
    /// <summary>Serializes flat facts.</summary>
    /// <param name="facts">Values are <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="int"/>, <see cref="double"/> (finite) or null.</param>
    /// <exception cref="ArgumentException">A fact has another type, or a non-finite number.</exception>
    public static string Serialize(IReadOnlyDictionary<string, object?> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in facts)
            {
                switch (value)
                {
                    case null: writer.WriteNull(name); break;
                    case string s: writer.WriteString(name, s); break;
                    case bool b: writer.WriteBoolean(name, b); break;
                    case int i: writer.WriteNumber(name, i); break;
                    case long l: writer.WriteNumber(name, l); break;
                    case double d when double.IsFinite(d): writer.WriteNumber(name, d); break;
                    case double d: throw new ArgumentException($"Fact '{name}' is {d.ToString(CultureInfo.InvariantCulture)}; numbers must be finite.", nameof(facts));
                    default: throw new ArgumentException($"Fact '{name}' is a {value.GetType().Name}; facts are strings, booleans, numbers or null.", nameof(facts));
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Checks that <paramref name="json"/> is one flat JSON object of primitives (facts typed in by an operator).</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void RequireFlatObject(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 2 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("Facts must be a JSON object.", nameof(json));
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    throw new ArgumentException($"Fact '{property.Name}' is not a string, number, boolean or null.", nameof(json));
                }
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Facts are not valid JSON: {e.Message}", nameof(json), e);
        }
    }
}
