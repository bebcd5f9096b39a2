using ModularTorrent.BitTorrent.Bencoding;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>A decoded KRPC message (BEP 5): a query, a response or an error, with its transaction id.</summary>
public sealed class KrpcMessage
{
    private static readonly BencodeLimits Limits = new() { MaxDepth = 8, MaxStringLength = 8192 };

    private KrpcMessage(KrpcMessageType type, ReadOnlyMemory<byte> transaction)
    {
        Type = type;
        Transaction = transaction;
    }

    /// <summary>Query, response or error.</summary>
    public KrpcMessageType Type { get; }

    /// <summary>The <c>t</c> bytes, echoed in the answer.</summary>
    public ReadOnlyMemory<byte> Transaction { get; }

    /// <summary>The <c>q</c> method name of a query.</summary>
    public string? Method { get; private init; }

    /// <summary>The <c>a</c> dictionary of a query or the <c>r</c> dictionary of a response.</summary>
    public BencodeDictionary? Body { get; private init; }

    /// <summary>The sender's id (<c>a.id</c> or <c>r.id</c>); empty for errors.</summary>
    public NodeId SenderId { get; private init; }

    /// <summary>True when the sender set <c>ro=1</c> (BEP 43): it must not be added to routing tables.</summary>
    public bool ReadOnly { get; private init; }

    /// <summary>The error code of an error message.</summary>
    public int ErrorCode { get; private init; }

    /// <summary>The error text of an error message.</summary>
    public string? ErrorMessage { get; private init; }

    /// <summary>Decodes one datagram.</summary>
    /// <exception cref="KrpcException">Malformed; <see cref="KrpcException.Transaction"/> is set when the sender can be answered.</exception>
    public static KrpcMessage Parse(ReadOnlyMemory<byte> datagram)
    {
        BencodeDictionary root;
        try
        {
            root = BencodeDocument.ParseDictionary(datagram, Limits);
        }
        catch (BencodeException ex)
        {
            throw new KrpcException(KrpcErrorCode.Protocol, $"Not a bencoded dictionary: {ex.Message}", default, ex);
        }

        if (root.Find("t") is not BencodeString { Bytes.Length: > 0 and <= 64 } t)
        {
            throw new KrpcException(KrpcErrorCode.Protocol, "The transaction id 't' is missing or not a short string.");
        }

        var transaction = t.Bytes;
        var readOnly = root.Find("ro") is BencodeInteger { Value: 1 };
        switch ((root.Find("y") as BencodeString)?.Text)
        {
            case "q":
                {
                    var method = root.Find("q") as BencodeString ?? throw new KrpcException(KrpcErrorCode.Protocol, "A query has no method name 'q'.", transaction);
                    var args = root.Find("a") as BencodeDictionary ?? throw new KrpcException(KrpcErrorCode.Protocol, "A query has no argument dictionary 'a'.", transaction);
                    return new KrpcMessage(KrpcMessageType.Query, transaction)
                    {
                        Method = method.Text,
                        Body = args,
                        SenderId = ReadId(args, transaction),
                        ReadOnly = readOnly,
                    };
                }

            case "r":
                {
                    var body = root.Find("r") as BencodeDictionary ?? throw new KrpcException(KrpcErrorCode.Protocol, "A response has no dictionary 'r'.", transaction);
                    return new KrpcMessage(KrpcMessageType.Response, transaction) { Body = body, SenderId = ReadId(body, transaction), ReadOnly = readOnly };
                }

            case "e":
                {
                    if (root.Find("e") is not BencodeList { Count: >= 2 } error || error[0] is not BencodeInteger code || error[1] is not BencodeString text)
                    {
                        throw new KrpcException(KrpcErrorCode.Protocol, "An error message's 'e' is not [code, message].", transaction);
                    }

                    return new KrpcMessage(KrpcMessageType.Error, transaction) { ErrorCode = (int)Math.Clamp(code.Value, int.MinValue, int.MaxValue), ErrorMessage = text.Text };
                }

            default:
                throw new KrpcException(KrpcErrorCode.Protocol, "The message type 'y' is missing or not q, r or e.", transaction);
        }
    }

    /// <summary>A string argument of exactly <paramref name="length"/> bytes (or any length when 0).</summary>
    /// <exception cref="KrpcException">Missing or of the wrong type or length (203).</exception>
    public ReadOnlyMemory<byte> RequireBytes(string key, int length = 0)
    {
        if (Body?.Find(key) is not BencodeString value || (length > 0 && value.Bytes.Length != length))
        {
            throw new KrpcException(KrpcErrorCode.Protocol, length > 0 ? $"'{key}' must be a {length}-byte string." : $"'{key}' must be a string.", Transaction);
        }

        return value.Bytes;
    }

    /// <summary>An optional string argument.</summary>
    public ReadOnlyMemory<byte>? OptionalBytes(string key) => (Body?.Find(key) as BencodeString)?.Bytes;

    /// <summary>An integer argument.</summary>
    /// <exception cref="KrpcException">Missing or not an integer (203).</exception>
    public long RequireInteger(string key) =>
        Body?.Find(key) is BencodeInteger value ? value.Value : throw new KrpcException(KrpcErrorCode.Protocol, $"'{key}' must be an integer.", Transaction);

    /// <summary>An optional integer argument.</summary>
    public long? OptionalInteger(string key) => (Body?.Find(key) as BencodeInteger)?.Value;

    /// <summary>A list argument (e.g. <c>values</c>).</summary>
    public BencodeList? OptionalList(string key) => Body?.Find(key) as BencodeList;

    private static NodeId ReadId(BencodeDictionary body, ReadOnlyMemory<byte> transaction) =>
        body.Find("id") is BencodeString { Bytes.Length: NodeId.Length } id
            ? new NodeId(id.Bytes.Span)
            : throw new KrpcException(KrpcErrorCode.Protocol, "'id' must be a 20-byte string.", transaction);
}
