using System.Text.Json.Serialization;

namespace ModularTorrent.Arc.Api;

/// <summary>Source-generated JSON for ARC's bodies: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ArcTxResponse))]
[JsonSerializable(typeof(ArcTxResponse[]))]
[JsonSerializable(typeof(ArcCallbackBatch))]
[JsonSerializable(typeof(ArcHealth))]
internal sealed partial class ArcJsonContext : JsonSerializerContext;
