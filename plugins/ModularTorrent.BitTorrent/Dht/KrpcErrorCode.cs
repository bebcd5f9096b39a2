namespace ModularTorrent.BitTorrent.Dht;

/// <summary>BEP 5 error codes.</summary>
public static class KrpcErrorCode
{
    /// <summary>201 Generic Error.</summary>
    public const int Generic = 201;

    /// <summary>202 Server Error.</summary>
    public const int Server = 202;

    /// <summary>203 Protocol Error: malformed packet, invalid arguments, or bad token.</summary>
    public const int Protocol = 203;

    /// <summary>204 Method Unknown.</summary>
    public const int MethodUnknown = 204;
}
