using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Spv;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Spv;

/// <summary>The merkle paths inside the ARC API examples (illustrative data, see the vector README).</summary>
public sealed class ArcExampleTests
{
    [Fact]
    public void Mined_example_merkle_path_parses_at_the_height_it_encodes_and_proves_its_txid()
    {
        var mined = Vectors.Json("arc_api_examples.json").GetProperty("responseExamples").GetProperty("POST /v1/tx 200").GetProperty("mined").GetProperty("value");
        var path = MerklePath.FromHex(mined.GetProperty("merklePath").GetString()!);
        Assert.Equal(1582420u, path.BlockHeight); // the example's blockHeight field (736228) does not match its path
        var txid = Hash256.Parse(mined.GetProperty("txid").GetString()!);
        Assert.True(path.TryGetOffset(txid, out _));
        Assert.Equal(path.ComputeRoot(), path.ComputeRoot(txid));
        Assert.Equal(mined.GetProperty("merklePath").GetString(), path.ToHex());
    }

    [Fact]
    public void Truncated_callback_merkle_path_is_rejected()
    {
        var callback = Vectors.Json("arc_api_examples.json").GetProperty("callbackExamples").GetProperty("mined").GetProperty("value");
        Assert.Throws<BsvFormatException>(() => MerklePath.FromHex(callback.GetProperty("merklePath").GetString()!));
    }
}
