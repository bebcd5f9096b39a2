using ModularTorrent.Arc.Api;

namespace ModularTorrent.Arc.Tests;

public sealed class ArcTxStatusTests
{
    [Fact]
    public void Every_status_of_the_vector_enum_is_classified()
    {
        var statuses = TestData.Vectors("bsv/arc_api_examples.json")["txStatusEnum"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(14, statuses.Count);
        var failures = statuses.Where(ArcTxStatus.IsFailure).OrderBy(s => s).ToList();
        Assert.Equal(["DOUBLE_SPEND_ATTEMPTED", "MINED_IN_STALE_BLOCK", "REJECTED", "SEEN_IN_ORPHAN_MEMPOOL"], failures);
        Assert.False(ArcTxStatus.IsAccepted("UNKNOWN"));
        Assert.True(ArcTxStatus.IsAccepted("SEEN_ON_NETWORK"));
        Assert.True(ArcTxStatus.IsAccepted("MINED"));
        Assert.True(ArcTxStatus.IsFailure("INVALID"));
        Assert.True(ArcTxStatus.IsFailure("MALFORMED"));
        Assert.True(ArcTxStatus.IsFinal("MINED"));
        Assert.False(ArcTxStatus.IsFinal("SEEN_ON_NETWORK"));
        Assert.False(ArcTxStatus.IsFailure(null));
    }

    [Fact]
    public void Response_examples_parse()
    {
        var v = TestData.Vectors("bsv/arc_api_examples.json")["responseExamples"]!;
        var mined = ArcApiClient.ParseItems(System.Text.Encoding.UTF8.GetBytes(v["POST /v1/tx 200"]!["mined"]!["value"]!.ToJsonString()));
        Assert.Equal("MINED", Assert.Single(mined).TxStatus);
        Assert.Equal(736228, mined[0].BlockHeight);
        var error = ArcApiClient.ParseItems(System.Text.Encoding.UTF8.GetBytes(v["POST /v1/tx 200"]!["error"]!["value"]!.ToJsonString()));
        Assert.Equal(463, Assert.Single(error).Status);
        var batch = ArcApiClient.ParseItems(System.Text.Encoding.UTF8.GetBytes(v["POST /v1/txs 200"]!["added"]!["value"]!.ToJsonString()));
        Assert.Equal("SEEN_ON_NETWORK", Assert.Single(batch).TxStatus);
        Assert.Empty(ArcApiClient.ParseItems("<html>"u8));
        Assert.Empty(ArcApiClient.ParseItems(""u8));
    }

    [Fact]
    public void Policy_parses_nested_and_flat_forms()
    {
        var v = TestData.Vectors("bsv/arc_api_examples.json");
        var flat = v["policyExample"]!.AsObject().DeepClone().AsObject();
        flat["miningFee"] = v["feeAmountExample"]!.DeepClone();
        var p = ArcPolicyParser.Parse(System.Text.Encoding.UTF8.GetBytes(flat.ToJsonString()));
        Assert.Equal(1m, p.FeeRateSatoshisPerKb);
        Assert.Equal(10000000, p.MaxTxSizePolicy);
        var nested = ArcPolicyParser.Parse("""{"policy":{"miningFee":{"satoshis":50,"bytes":1000}},"timestamp":"2024-01-01T00:00:00Z"}"""u8);
        Assert.Equal(50m, nested.FeeRateSatoshisPerKb);
        Assert.Null(ArcPolicyParser.Parse("""{"policy":{"miningFee":{"satoshis":1,"bytes":0}}}"""u8).FeeRateSatoshisPerKb);
    }
}
