namespace ModularTorrent.BitTorrent.Dht;

/// <summary>A KRPC message could not be understood; answered with error <see cref="Code"/> when it had a transaction id.</summary>
public sealed class KrpcException : Exception
{
    /// <summary>Creates a protocol error.</summary>
    public KrpcException()
        : this(KrpcErrorCode.Protocol, "Malformed KRPC message.")
    {
    }

    /// <summary>Creates a protocol error with a message.</summary>
    public KrpcException(string message)
        : this(KrpcErrorCode.Protocol, message)
    {
    }

    /// <summary>Creates a protocol error with a message and cause.</summary>
    public KrpcException(string message, Exception innerException)
        : base(message, innerException) => Code = KrpcErrorCode.Protocol;

    /// <summary>Creates an error with <paramref name="code"/>.</summary>
    public KrpcException(int code, string message, ReadOnlyMemory<byte> transaction = default, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Transaction = transaction;
    }

    /// <summary>The KRPC error code (203 for malformed input).</summary>
    public int Code { get; }

    /// <summary>The transaction id, when one could be read (empty: the message cannot be answered).</summary>
    public ReadOnlyMemory<byte> Transaction { get; }
}
