using ModularTorrent.Bsv.Encoding;

namespace ModularTorrent.Bsv.Keys;

/// <summary>A pay-to-public-key-hash address: a network version byte and a 20-byte HASH160, in Base58Check.</summary>
public sealed record P2pkhAddress
{
    private readonly byte[] _hash;

    private P2pkhAddress(byte[] hash, Network network)
    {
        _hash = hash;
        Network = network;
    }

    /// <summary>The network of the version byte.</summary>
    public Network Network { get; }

    /// <summary>The 20-byte public key hash.</summary>
    public ReadOnlyMemory<byte> PublicKeyHash => _hash;

    /// <summary>Creates an address from a 20-byte public key hash.</summary>
    /// <param name="hash160">20 bytes.</param>
    /// <param name="network">The network.</param>
    public static P2pkhAddress FromPublicKeyHash(ReadOnlySpan<byte> hash160, Network network)
    {
        if (hash160.Length != 20)
        {
            throw new BsvFormatException($"Invalid public key hash: 20 bytes expected, got {hash160.Length}.");
        }

        return new P2pkhAddress(hash160.ToArray(), network);
    }

    /// <summary>Parses a Base58Check P2PKH address (mainnet 0x00 or testnet 0x6f).</summary>
    /// <param name="address">The text.</param>
    public static P2pkhAddress Parse(string address)
    {
        var payload = Base58.DecodeCheck(address);
        if (payload.Length != 21)
        {
            throw new BsvFormatException($"Invalid address: payload of {payload.Length} bytes, 21 expected.");
        }

        var network = payload[0] switch
        {
            0x00 => Network.Mainnet,
            0x6f => Network.Testnet,
            _ => throw new BsvFormatException($"Invalid address: version byte 0x{payload[0]:x2} is not P2PKH mainnet (0x00) or testnet (0x6f)."),
        };
        return new P2pkhAddress(payload[1..], network);
    }

    /// <summary>The Base58Check text.</summary>
    public override string ToString()
    {
        Span<byte> payload = stackalloc byte[21];
        payload[0] = NetworkPrefixes.P2pkh(Network);
        _hash.CopyTo(payload[1..]);
        return Base58.EncodeCheck(payload);
    }

    /// <inheritdoc />
    public bool Equals(P2pkhAddress? other) => other is not null && Network == other.Network && _hash.AsSpan().SequenceEqual(other._hash);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Network, BitConverter.ToInt32(_hash, 0));
}
