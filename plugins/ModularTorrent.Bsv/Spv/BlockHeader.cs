using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;

namespace ModularTorrent.Bsv.Spv;

/// <summary>An 80-byte block header.</summary>
/// <param name="Version">The block version.</param>
/// <param name="PreviousBlockHash">The parent block's hash.</param>
/// <param name="MerkleRoot">The merkle root of the block's transactions.</param>
/// <param name="Time">The timestamp (Unix seconds).</param>
/// <param name="Bits">The compact difficulty target.</param>
/// <param name="Nonce">The nonce.</param>
/// <param name="Hash">The block hash (double SHA-256 of the 80 bytes).</param>
public sealed record BlockHeader(uint Version, Hash256 PreviousBlockHash, Hash256 MerkleRoot, uint Time, uint Bits, uint Nonce, Hash256 Hash)
{
    /// <summary>The header size.</summary>
    public const int Size = 80;

    /// <summary>Reads a header.</summary>
    /// <param name="reader">The reader.</param>
    public static BlockHeader Read(ref BsvReader reader)
    {
        var bytes = reader.ReadBytes(Size, "block header");
        var inner = new BsvReader(bytes);
        return new BlockHeader(
            inner.ReadUInt32("version"),
            new Hash256(inner.ReadBytes(32, "previous block hash")),
            new Hash256(inner.ReadBytes(32, "merkle root")),
            inner.ReadUInt32("time"),
            inner.ReadUInt32("bits"),
            inner.ReadUInt32("nonce"),
            Hash256.Compute(bytes));
    }
}
