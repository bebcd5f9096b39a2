using System.Buffers;
using ModularTorrent.BitTorrent.Bencoding;

namespace ModularTorrent.BitTorrent.Wire;

/// <summary>The BEP 10 extension handshake: the peer's extension-name → message-id map and a few facts about it.</summary>
public sealed record ExtensionHandshake
{
    /// <summary>Extension names mapped to the ids the sender wants to receive them with (0 = disabled).</summary>
    public IReadOnlyDictionary<string, byte> Extensions { get; init; } = new Dictionary<string, byte>();

    /// <summary><c>v</c>: client name and version.</summary>
    public string? Client { get; init; }

    /// <summary><c>p</c>: the sender's listen port.</summary>
    public int? ListenPort { get; init; }

    /// <summary><c>reqq</c>: how many outstanding requests the sender accepts.</summary>
    public int? RequestQueueLength { get; init; }

    /// <summary><c>metadata_size</c> (BEP 9).</summary>
    public int? MetadataSize { get; init; }

    /// <summary>Parses the bencoded payload of extended message 0.</summary>
    /// <exception cref="PeerProtocolException">The payload is not a bencoded dictionary.</exception>
    public static ExtensionHandshake Parse(ReadOnlySequence<byte> payload)
    {
        BencodeDictionary dict;
        try
        {
            dict = BencodeDocument.ParseDictionary(payload.ToArray(), new BencodeLimits { MaxDepth = 8, MaxStringLength = 64 * 1024 });
        }
        catch (BencodeException ex)
        {
            throw new PeerProtocolException("Invalid extension handshake: " + ex.Message, ex);
        }

        var map = new Dictionary<string, byte>(StringComparer.Ordinal);
        if (dict.Get<BencodeDictionary>("m") is { } m)
        {
            foreach (var entry in m.Entries)
            {
                if (entry.Value is BencodeInteger { Value: >= 0 and <= 255 } id)
                {
                    map[System.Text.Encoding.UTF8.GetString(entry.Key.Span)] = (byte)id.Value;
                }
            }
        }

        return new ExtensionHandshake
        {
            Extensions = map,
            Client = dict.GetText("v"),
            ListenPort = dict.GetInteger("p") is { } p and > 0 and < 65536 ? (int)p : null,
            RequestQueueLength = dict.GetInteger("reqq") is { } q and > 0 ? (int)Math.Min(q, 100_000) : null,
            MetadataSize = dict.GetInteger("metadata_size") is { } s and > 0 and < 64 * 1024 * 1024 ? (int)s : null,
        };
    }

    /// <summary>Encodes the handshake payload (keys sorted as bencode requires).</summary>
    public byte[] Encode()
    {
        var writer = new BencodeWriter();
        writer.WriteDictionaryStart();
        writer.WriteString("m");
        writer.WriteDictionaryStart();
        foreach (var entry in Extensions.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.WriteString(entry.Key);
            writer.WriteInteger(entry.Value);
        }

        writer.WriteEnd();
        if (MetadataSize is { } size)
        {
            writer.WriteString("metadata_size");
            writer.WriteInteger(size);
        }

        if (ListenPort is { } port)
        {
            writer.WriteString("p");
            writer.WriteInteger(port);
        }

        if (RequestQueueLength is { } reqq)
        {
            writer.WriteString("reqq");
            writer.WriteInteger(reqq);
        }

        if (Client is not null)
        {
            writer.WriteString("v");
            writer.WriteString(Client);
        }

        writer.WriteEnd();
        return writer.ToArray();
    }
}
