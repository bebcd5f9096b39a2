using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Transactions;

namespace ModularTorrent.Bsv.Spv;

/// <summary>A full block: header, transactions, and their txids (hashed from the raw bytes as parsed).</summary>
public sealed class Block
{
    private Block(BlockHeader header, IReadOnlyList<Transaction> transactions, IReadOnlyList<Hash256> txIds)
    {
        Header = header;
        Transactions = transactions;
        TxIds = txIds;
    }

    /// <summary>The header.</summary>
    public BlockHeader Header { get; }

    /// <summary>The transactions in block order.</summary>
    public IReadOnlyList<Transaction> Transactions { get; }

    /// <summary>The txids in block order.</summary>
    public IReadOnlyList<Hash256> TxIds { get; }

    /// <summary>Parses a serialized block; all bytes must be consumed.</summary>
    /// <param name="bytes">The block.</param>
    public static Block Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new BsvReader(bytes);
        var header = BlockHeader.Read(ref reader);
        var count = reader.ReadCount("block transaction count", 10);
        var transactions = new List<Transaction>(count);
        var txIds = new List<Hash256>(count);
        for (var i = 0; i < count; i++)
        {
            var start = reader.Position;
            transactions.Add(Transaction.Read(ref reader));
            txIds.Add(Hash256.Compute(bytes[start..reader.Position]));
        }

        if (!reader.End)
        {
            throw new BsvFormatException($"Invalid block: {reader.Remaining} trailing bytes.");
        }

        return new Block(header, transactions, txIds);
    }

    /// <summary>The merkle root computed from the transactions.</summary>
    public Hash256 ComputeMerkleRoot() => MerkleTree.ComputeRoot(TxIds);
}
