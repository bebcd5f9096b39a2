namespace ModularTorrent.Arc.Tests;

public sealed class ArcTransactionTests
{
    [Fact]
    public void Txid_of_every_generated_p2pkh_vector_matches()
    {
        var rows = TestData.Vectors("bsv/bsv-sdk_generated_p2pkh_brc43.json")["p2pkh"]!.AsArray();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var raw = Convert.FromHexString(row!["signedTxHex"]!.GetValue<string>());
            Assert.Equal(row["txid"]!.GetValue<string>(), ArcTransaction.ComputeTxid(raw));
            Assert.Equal(row["txid"]!.GetValue<string>(), ArcTransaction.FromRaw(raw).Txid);
        }
    }

    [Fact]
    public void Parent_vector_txid_matches()
    {
        var v = TestData.Vectors("bsv/bsv-sdk_generated_p2pkh_brc43.json");
        Assert.Equal(v["parentTxid"]!.GetValue<string>(), ArcTransaction.ComputeTxid(Convert.FromHexString(v["parentTxHex"]!.GetValue<string>())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zz1a7ef7f241e497b5aa52b8540cf96ed39f92dd6297ff7d854511f0e57fa9a7f")]
    public void FromPayload_rejects_bad_txids_precisely(string txid)
    {
        var e = Assert.Throws<ArgumentException>(() => ArcTransaction.FromPayload(txid, [1, 2, 3]));
        Assert.Contains("64 hex characters", e.Message);
    }

    [Fact]
    public void Empty_payloads_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ArcTransaction.FromRaw([]));
        Assert.Throws<ArgumentException>(() => ArcTransaction.FromPayload(new string('a', 64), []));
    }

    [Fact]
    public void FromPayload_lowercases_the_txid()
    {
        var tx = ArcTransaction.FromPayload(new string('A', 64), [1]);
        Assert.Equal(new string('a', 64), tx.Txid);
    }
}
