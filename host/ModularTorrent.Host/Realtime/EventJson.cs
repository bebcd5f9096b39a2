using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ModularTorrent.Runtime.Events;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Host.Realtime;

/// <summary>How events look on the wire: one flat JSON object with <c>seq</c>, <c>type</c> and the event's fields.</summary>
internal static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static byte[] Serialize(EventEnvelope envelope)
    {
        var node = JsonSerializer.SerializeToNode(envelope.Event, Options)!.AsObject();
        var message = new JsonObject { ["seq"] = envelope.Sequence };
        foreach (var (key, value) in node.ToList())
        {
            node.Remove(key);
            message[key] = value;
        }

        return JsonSerializer.SerializeToUtf8Bytes(message, Options);
    }

    public static byte[] Control(long sequence, string type, JsonObject? extra = null)
    {
        var message = new JsonObject { ["seq"] = sequence, ["type"] = type };
        if (extra is not null)
        {
            foreach (var (key, value) in extra.ToList())
            {
                extra.Remove(key);
                message[key] = value;
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(message, Options);
    }

    /// <summary>The discriminator an event type is written with (e.g. <c>plugin.state</c>).</summary>
    public static string TypeName(HostEvent hostEvent)
    {
        var attributes = typeof(HostEvent).GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false);
        foreach (JsonDerivedTypeAttribute attribute in attributes)
        {
            if (attribute.DerivedType == hostEvent.GetType())
            {
                return attribute.TypeDiscriminator as string ?? hostEvent.GetType().Name;
            }
        }

        return hostEvent.GetType().Name;
    }
}
