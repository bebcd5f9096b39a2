using System.Security.Cryptography;

namespace ModularTorrent.Arc;

/// <summary>A transaction to broadcast: its id and the bytes sent to ARC (raw or Extended Format).</summary>
public sealed class ArcTransaction
{
    private ArcTransaction(string txid, byte[] payload)
    {
        Txid = txid;
        Payload = payload;
    }

    /// <summary>The transaction id: lower-case hex of the byte-reversed double SHA-256 of the raw transaction.</summary>
    public string Txid { get; }

    /// <summary>The bytes sent as <c>rawTx</c>: the raw transaction or its Extended Format (BRC-30).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>A raw transaction; its id is computed from the bytes.</summary>
    /// <param name="rawTransaction">The serialized transaction.</param>
    /// <exception cref="ArgumentException">The bytes are empty.</exception>
    public static ArcTransaction FromRaw(ReadOnlySpan<byte> rawTransaction)
    {
        if (rawTransaction.IsEmpty)
        {
            throw new ArgumentException("The raw transaction is empty.", nameof(rawTransaction));
        }

        return new ArcTransaction(ComputeTxid(rawTransaction), rawTransaction.ToArray());
    }

    /// <summary>
    /// A transaction in Extended Format (or any other payload ARC accepts) whose id the caller knows:
    /// EF bytes carry the previous outputs, so hashing them would not give the txid.
    /// </summary>
    /// <param name="txid">64 hex characters, display (byte-reversed) order.</param>
    /// <param name="payload">The bytes to send.</param>
    /// <exception cref="ArgumentException">The txid is not 64 hex characters or the payload is empty.</exception>
    public static ArcTransaction FromPayload(string txid, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(txid);
        if (!IsTxid(txid))
        {
            throw new ArgumentException($"A txid is 64 hex characters; got '{Truncate(txid)}' ({txid.Length} characters).", nameof(txid));
        }

        if (payload.IsEmpty)
        {
            throw new ArgumentException("The transaction payload is empty.", nameof(payload));
        }

        return new ArcTransaction(txid.ToLowerInvariant(), payload.ToArray());
    }

    /// <summary>The txid of a raw transaction: double SHA-256, byte-reversed, lower-case hex.</summary>
    /// <param name="rawTransaction">The serialized transaction (not Extended Format).</param>
    public static string ComputeTxid(ReadOnlySpan<byte> rawTransaction)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(rawTransaction, hash);
        SHA256.HashData(hash, hash);
        hash.Reverse();
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Whether <paramref name="value"/> is 64 hex characters.</summary>
    /// <param name="value">The candidate txid.</param>
    public static bool IsTxid(string? value)
    {
        if (value is null || value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 80), "…");
}
