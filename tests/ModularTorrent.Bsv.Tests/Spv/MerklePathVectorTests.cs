using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Spv;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Spv;

public sealed class MerklePathVectorTests
{
    [Fact]
    public void Brc74_example_round_trips_matches_json_and_gives_the_root_for_every_client_txid()
    {
        var v = Vectors.Json("bump_brc74.json").GetProperty("brc74Example");
        var hex = v.GetProperty("hex").GetString()!;
        var path = MerklePath.FromHex(hex);
        Assert.Equal(hex, path.ToHex());
        var json = v.GetProperty("json");
        Assert.Equal(json.GetProperty("blockHeight").GetUInt32(), path.BlockHeight);
        var levels = json.GetProperty("path");
        Assert.Equal(levels.GetArrayLength(), path.Path.Count);
        for (var h = 0; h < path.Path.Count; h++)
        {
            var expected = levels[h];
            Assert.Equal(expected.GetArrayLength(), path.Path[h].Count);
            for (var i = 0; i < path.Path[h].Count; i++)
            {
                var leaf = path.Path[h][i];
                var e = expected[i];
                Assert.Equal(e.GetProperty("offset").GetUInt64(), leaf.Offset);
                Assert.Equal(e.TryGetProperty("duplicate", out var dup) && dup.GetBoolean(), leaf.IsDuplicate);
                Assert.Equal(e.TryGetProperty("txid", out var txid) && txid.GetBoolean(), leaf.IsTxId);
                Assert.Equal(e.TryGetProperty("hash", out var hash) ? hash.GetString() : null, leaf.Hash?.ToString());
            }
        }

        var root = Hash256.Parse(v.GetProperty("merkleRoot").GetString()!);
        foreach (var txid in v.GetProperty("clientTxids").EnumerateArray())
        {
            Assert.Equal(root, path.ComputeRoot(Hash256.Parse(txid.GetString()!)));
        }
    }

    [Fact]
    public void Single_transaction_block_root_is_the_txid()
    {
        var v = Vectors.Json("bump_brc74.json").GetProperty("singleTxBlock");
        var path = MerklePath.FromHex(v.GetProperty("hex").GetString()!);
        Assert.Equal(v.GetProperty("merkleRoot").GetString(), path.ComputeRoot(Hash256.Parse(v.GetProperty("txid").GetString()!)).ToString());
        Assert.Equal(v.GetProperty("hex").GetString(), path.ToHex());
    }

    [Fact]
    public void Block_125632_root_from_txids_and_a_path_for_every_txid()
    {
        var v = Vectors.Json("bump_brc74.json").GetProperty("block125632");
        var txids = v.GetProperty("tx").EnumerateArray().Select(t => Hash256.Parse(t.GetString()!)).ToList();
        var root = MerkleTree.ComputeRoot(txids);
        Assert.Equal(v.GetProperty("merkleroot").GetString(), root.ToString());
        for (var i = 0; i < txids.Count; i++)
        {
            var path = MerkleTree.CreatePath(txids, i, v.GetProperty("height").GetUInt32());
            Assert.Equal(root, path.ComputeRoot(txids[i]));
            Assert.Equal(root, MerklePath.Parse(path.ToBytes()).ComputeRoot(txids[i]));
        }
    }

    [Fact]
    public void Valid_bumps_give_their_documented_roots()
    {
        var valid = Vectors.Json("bump_brc74.json").GetProperty("validBumps");
        var expected = new (uint Height, string Root)[]
        {
            (827351, "55e5f9f7d335fe176f5c774c73aa7053fec9ffa6422a78bd79c836acdada8440"),
            (826803, "866156d23999474f8ae3d0043ce6c3191efa72946de88009442af207294e977a"),
        };
        Assert.Equal(2, valid.GetArrayLength());
        for (var i = 0; i < 2; i++)
        {
            var hex = valid[i].GetProperty("bump").GetString()!;
            var path = MerklePath.FromHex(hex);
            Assert.Equal(hex, path.ToHex());
            Assert.Equal(expected[i].Height, path.BlockHeight);
            Assert.Equal(expected[i].Root, path.ComputeRoot().ToString());
        }
    }

    [Fact]
    public void Invalid_bumps_fail_with_the_reference_error()
    {
        var invalid = Vectors.Json("bump_brc74.json").GetProperty("invalidBumps");
        Assert.Equal(6, invalid.GetArrayLength());
        foreach (var c in invalid.EnumerateArray())
        {
            var ex = Assert.Throws<BsvFormatException>(() => MerklePath.FromHex(c.GetProperty("bump").GetString()!));
            Assert.Equal(c.GetProperty("error").GetString(), ex.Message);
        }
    }

    [Theory]
    [InlineData("fe8a6a0c00", "tree height")]
    [InlineData("fe8a6a0c000c04fde80b0011774f01d26412f0d16ea3f0447be0b5ebec67b0782e321a7a01cbdf7f734e", "merkle path hash")]
    [InlineData("fe8a6a0c", "block height")]
    [InlineData("01010100ff", "unknown flags")]
    public void Truncated_or_malformed_bumps_fail_precisely(string hex, string expected)
    {
        var ex = Assert.Throws<BsvFormatException>(() => MerklePath.FromHex(hex));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_of_one_block_combine_into_one_that_proves_every_txid()
    {
        var v = Vectors.Json("bump_brc74.json").GetProperty("block125632");
        var txids = v.GetProperty("tx").EnumerateArray().Select(t => Hash256.Parse(t.GetString()!)).ToList();
        var root = MerkleTree.ComputeRoot(txids);
        var combined = MerkleTree.CreatePath(txids, 0, 125632);
        foreach (var index in new[] { 3, 7, 10 })
        {
            combined = combined.Combine(MerkleTree.CreatePath(txids, index, 125632));
        }

        foreach (var index in new[] { 0, 3, 7, 10 })
        {
            Assert.True(combined.ProvesTxId(txids[index]));
            Assert.Equal(root, combined.ComputeRoot(txids[index]));
        }

        Assert.Equal(root, MerklePath.Parse(combined.ToBytes(), legalOffsetsOnly: false).ComputeRoot());
        var otherBlock = MerkleTree.CreatePath(txids.Take(5).ToList(), 0, 125632);
        Assert.Contains("different", Assert.Throws<BsvFormatException>(() => combined.Combine(otherBlock)).Message, StringComparison.Ordinal);
    }
}
