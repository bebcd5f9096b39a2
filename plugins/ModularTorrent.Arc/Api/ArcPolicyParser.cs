using System.Globalization;
using System.Text.Json;

namespace ModularTorrent.Arc.Api;

/// <summary>
/// Reads <c>/v1/policy</c>. ARC nests the values under <c>policy</c> and gives the fee as
/// <c>miningFee: {satoshis, bytes}</c>; older or trimmed answers put the keys at the top level, so both are read.
/// </summary>
internal static class ArcPolicyParser
{
    public static ArcPolicy Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The policy is not a JSON object.");
        }

        var policy = TryGet(root, "policy") is { ValueKind: JsonValueKind.Object } nested ? nested : root;
        decimal? fee = null;
        if (TryGet(policy, "miningFee") is { ValueKind: JsonValueKind.Object } miningFee
            && Number(TryGet(miningFee, "satoshis")) is { } satoshis
            && Number(TryGet(miningFee, "bytes")) is { } bytes && bytes > 0 && satoshis >= 0)
        {
            fee = satoshis * 1000m / bytes;
        }

        return new ArcPolicy(fee, Long(TryGet(policy, "maxtxsizepolicy")), Long(TryGet(policy, "maxscriptsizepolicy")));
    }

    private static JsonElement? TryGet(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static decimal? Number(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.Number } e when e.TryGetDecimal(out var d) => d,
        { ValueKind: JsonValueKind.String } e when decimal.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static long? Long(JsonElement? element) => Number(element) is { } d && d >= long.MinValue && d <= long.MaxValue ? (long)d : null;
}
