using ModularTorrent.Bsv.Spv;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Spv;

public sealed class BlockVectorTests
{
    [Fact]
    public void Block_413567_merkle_root_from_its_transactions_matches_the_header()
    {
        var bytes = File.ReadAllBytes(Vectors.PathOf("block413567.raw"));
        Assert.Equal(999_887, bytes.Length);
        var block = Block.Parse(bytes);
        Assert.Equal("0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069", block.Header.Hash.ToString());
        Assert.Equal("00000000000000000542b54d29b12b523ff6c6474e0e86085bd3005ec6c5ce11", block.Header.PreviousBlockHash.ToString());
        Assert.Equal(4u, block.Header.Version);
        Assert.Equal(1464307123u, block.Header.Time);
        Assert.Equal(0x18058436u, block.Header.Bits);
        Assert.Equal(2120202499u, block.Header.Nonce);
        Assert.Equal(1557, block.Transactions.Count);
        Assert.Equal("5b4aaef3f4e4625d70385ddf0bd2a0b7d7141e4c2fd36d2ff2cad37fff3deb0f", block.TxIds[0].ToString());
        Assert.Equal("63434bb06525615f43954598d281d03feaae70658c4187ccb3ba7fa7b093a0b8", block.TxIds[^1].ToString());
        var root = block.ComputeMerkleRoot();
        Assert.Equal("64a50c649fc816baaa2effda230c39cacf1504e4e616a2863685b72aaa7dce05", root.ToString());
        Assert.Equal(block.Header.MerkleRoot, root);

        // Re-serializing every transaction reproduces its txid, and a BUMP for one of them reaches the header's root.
        for (var i = 0; i < block.Transactions.Count; i += 97)
        {
            Assert.Equal(block.TxIds[i], block.Transactions[i].GetTxId());
        }

        var path = MerkleTree.CreatePath(block.TxIds, 1000, 413567);
        Assert.Equal(block.Header.MerkleRoot, path.ComputeRoot(block.TxIds[1000]));
    }

    [Fact]
    public void Truncated_block_fails_precisely()
    {
        var bytes = File.ReadAllBytes(Vectors.PathOf("block413567.raw"));
        var ex = Assert.Throws<BsvFormatException>(() => Block.Parse(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Contains("lock time", ex.Message, StringComparison.Ordinal);
        Assert.Throws<BsvFormatException>(() => Block.Parse(bytes.AsSpan(0, 50)));
    }
}
