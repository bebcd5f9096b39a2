using System.Globalization;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using ModularTorrent.Scripting.Sandbox;

namespace ModularTorrent.Scripting.Tests;

/// <summary>
/// The fast facts reader must build exactly what Jint's JSON.parse builds, and decline everything outside its
/// subset (so Jint parses it, or reports the error, as before). Compared text by text against Jint itself.
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed class FlatFactsParserTests
{
    private readonly Engine engine = SandboxedEngine.Create(SandboxOptions.Default);

    [Theory]
    [InlineData("""{"proofs":1,"latencyMs":120,"seeders":2}""")]
    [InlineData("{}")]
    [InlineData(" \t\r\n{ \t\r\n} \t\r\n")]
    [InlineData("""{"a":"","b":"text with spaces / and é and 😀","c":true,"d":false,"e":null}""")]
    [InlineData("""{"n":-0,"z":0,"f":0.5,"g":-12.25e-3,"h":1E+21,"i":1e400,"j":-1e-400,"k":123456789012345678901234567890}""")]
    [InlineData("""{"dup":1,"other":2,"dup":3}""")]
    [InlineData("""{"":1}""")]
    [InlineData("""{ "spaced" : 1 , "out" : "x" }""")]
    public void Flat_texts_are_read_here_and_match_json_parse(string json)
    {
        var flat = FlatFactsParser.TryBuild(engine, json);

        Assert.NotNull(flat);
        AssertSame(JintParse(json), flat);
    }

    [Theory]
    [InlineData("""{"a":"escaped \" quote"}""")]
    [InlineData("""{"a":"\u0041"}""")]
    [InlineData("""{"a\n":1}""")]
    [InlineData("""{"a":[1,2]}""")]
    [InlineData("""{"a":{"b":1}}""")]
    [InlineData("""{"a":01}""")]
    [InlineData("""{"a":1.}""")]
    [InlineData("""{"a":.5}""")]
    [InlineData("""{"a":1e}""")]
    [InlineData("""{"a":+1}""")]
    [InlineData("""{"a":1x}""")]
    [InlineData("""{"a":truex}""")]
    [InlineData("""{"a":tru}""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1} x""")]
    [InlineData("""{"a":1}{}""")]
    [InlineData("""{"a" 1}""")]
    [InlineData("""{'a':1}""")]
    [InlineData("""{a:1}""")]
    [InlineData("""{"a":1""")]
    [InlineData("""{"a":"unterminated}""")]
    [InlineData("[1]")]
    [InlineData("1")]
    [InlineData("\"s\"")]
    [InlineData("")]
    [InlineData("\u00a0{}")]
    [InlineData("{\"a\":\"tab\tinside\"}")]
    public void Texts_outside_the_subset_are_declined(string json)
    {
        Assert.Null(FlatFactsParser.TryBuild(engine, json));
    }

    [Fact]
    public void Generated_and_mangled_texts_never_differ_from_json_parse()
    {
        // Seeded, so a failure replays; every text the fast reader accepts must parse in Jint to the same object.
        var random = new Random(20261122);
        var accepted = 0;
        for (var n = 0; n < 3000; n++)
        {
            var json = Mangle(random, GenerateFlat(random));
            var flat = FlatFactsParser.TryBuild(engine, json);
            if (flat is null)
            {
                continue;
            }

            accepted++;
            ObjectInstance parsed;
            try
            {
                parsed = JintParse(json);
            }
            catch (Exception e) when (e is JavaScriptException or FormatException or InvalidOperationException or OverflowException)
            {
                Assert.Fail($"Accepted a text Jint refuses ({e.Message}): {json}");
                throw;
            }

            AssertSame(parsed, flat);
        }

        Assert.True(accepted > 1000, $"only {accepted} texts took the fast path");
    }

    private ObjectInstance JintParse(string json) => engine.Json.Parse(JsValue.Undefined, [new JsValue(json)]).AsObject();

    private static void AssertSame(ObjectInstance expected, ObjectInstance actual)
    {
        Assert.Equal(expected.Prototype, actual.Prototype);
        Assert.Equal(expected.Class, actual.Class);
        Assert.Equal(expected.Extensible, actual.Extensible);
        var want = expected.GetOwnProperties().ToList();
        var got = actual.GetOwnProperties().ToList();
        Assert.Equal(want.Select(p => p.Key), got.Select(p => p.Key));
        for (var i = 0; i < want.Count; i++)
        {
            var (w, g) = (want[i].Value, got[i].Value);
            Assert.Equal((w.Writable, w.Enumerable, w.Configurable), (g.Writable, g.Enumerable, g.Configurable));
            Assert.Equal(Describe(w.Value!), Describe(g.Value!));
        }
    }

    // Type and exact value: numbers bit for bit, so -0 and 0 differ.
    private static string Describe(JsValue value) => value.Type switch
    {
        Types.Number => "number " + BitConverter.DoubleToInt64Bits(value.AsNumber()).ToString(CultureInfo.InvariantCulture),
        Types.String => "string " + value.AsString(),
        Types.Boolean => "boolean " + value.AsBoolean(),
        _ => value.Type.ToString(),
    };

    private static string GenerateFlat(Random random)
    {
        var builder = new StringBuilder();
        builder.Append(Space(random)).Append('{');
        var members = random.Next(0, 6);
        for (var m = 0; m < members; m++)
        {
            if (m > 0)
            {
                builder.Append(Space(random)).Append(',');
            }

            builder.Append(Space(random)).Append('"').Append(Text(random)).Append('"').Append(Space(random)).Append(':').Append(Space(random));
            builder.Append(random.Next(6) switch
            {
                0 => "\"" + Text(random) + "\"",
                1 => "true",
                2 => "false",
                3 => "null",
                _ => Number(random),
            });
        }

        return builder.Append(Space(random)).Append('}').Append(Space(random)).ToString();
    }

    private static string Number(Random random)
    {
        var builder = new StringBuilder();
        if (random.Next(3) == 0)
        {
            builder.Append('-');
        }

        builder.Append(random.Next(4) == 0 ? "0" : random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture)[..random.Next(1, 19)]);
        if (random.Next(2) == 0)
        {
            builder.Append('.').Append(random.Next(0, 1_000_000).ToString(CultureInfo.InvariantCulture));
        }

        if (random.Next(3) == 0)
        {
            builder.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(3) switch { 0 => "+", 1 => "-", _ => "" }).Append(random.Next(0, 420));
        }

        return builder.ToString();
    }

    private static string Text(Random random)
    {
        const string alphabet = "abcXYZ019 _-/:,{}[]é€😀";
        var length = random.Next(0, 8);
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var at = random.Next(alphabet.Length);
            builder.Append(char.IsHighSurrogate(alphabet[at]) ? alphabet.Substring(at, 2) : char.IsLowSurrogate(alphabet[at]) ? "x" : alphabet[at].ToString());
        }

        return builder.ToString();
    }

    private static string Space(Random random) => random.Next(4) == 0 ? " \t\r\n"[random.Next(4)].ToString() : string.Empty;

    // Half the texts get one character replaced, inserted or removed, or are cut short.
    private static string Mangle(Random random, string json)
    {
        if (random.Next(2) == 0 || json.Length == 0)
        {
            return json;
        }

        const string noise = "\"\\{}[],:.-+eE0159tfnulx \u0001\u00a0";
        var at = random.Next(json.Length);
        var c = noise[random.Next(noise.Length)];
        return random.Next(4) switch
        {
            0 => json.Remove(at, 1).Insert(at, c.ToString()),
            1 => json.Insert(at, c.ToString()),
            2 => json.Remove(at, 1),
            _ => json[..at],
        };
    }
}
