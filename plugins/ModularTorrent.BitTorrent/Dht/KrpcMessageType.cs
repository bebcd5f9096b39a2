namespace ModularTorrent.BitTorrent.Dht;

/// <summary>The KRPC <c>y</c> key.</summary>
public enum KrpcMessageType
{
    /// <summary><c>q</c>: a query.</summary>
    Query,

    /// <summary><c>r</c>: a response.</summary>
    Response,

    /// <summary><c>e</c>: an error.</summary>
    Error,
}
