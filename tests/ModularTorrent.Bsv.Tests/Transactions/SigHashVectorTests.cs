using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Transactions;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Transactions;

public sealed class SigHashVectorTests
{
    [Fact]
    public void Bitcoin_sv_sighash_file_regular_and_original_digests()
    {
        var rows = Vectors.Json("sighash_bitcoin-sv.json");
        var checkedRows = 0;
        var forkIdRows = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.GetArrayLength() == 1)
            {
                continue; // header
            }

            var raw = Hex.Decode(row[0].GetString()!);
            var tx = Transaction.Parse(raw);
            Assert.Equal(raw, tx.ToBytes());
            var script = Hex.Decode(row[1].GetString()!);
            var index = row[2].GetInt32();
            var hashType = unchecked((uint)row[3].GetInt32());
            var regular = Reverse(SigHash.Compute(tx, index, script, 0, hashType));
            var original = Reverse(SigHash.ComputeOriginal(tx, index, script, hashType));
            Assert.True(row[4].GetString() == regular, $"row {checkedRows}: regular digest mismatch, hashType {hashType:x8}");
            Assert.True(row[5].GetString() == original, $"row {checkedRows}: original digest mismatch, hashType {hashType:x8}");
            if ((hashType & SigHashType.ForkId) != 0 && (hashType & SigHashType.Chronicle) == 0)
            {
                forkIdRows++;
            }

            checkedRows++;
        }

        Assert.Equal(1000, checkedRows);
        Assert.Equal(254, forkIdRows);
    }

    [Fact]
    public void Bip143_forkid_file_ignores_the_chronicle_bit()
    {
        var rows = Vectors.Json("sighash_forkid_bip143_500.json");
        var checkedRows = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.GetArrayLength() == 1)
            {
                continue;
            }

            var tx = Transaction.FromHex(row[0].GetString()!);
            var script = Hex.Decode(row[1].GetString()!);
            var hashType = unchecked((uint)row[3].GetInt32());
            var digest = Reverse(SigHash.Compute(tx, row[2].GetInt32(), script, 0, hashType, ignoreChronicle: true));
            Assert.True(row[4].GetString() == digest, $"row {checkedRows}: digest mismatch, hashType {hashType:x8}");
            var cached = Reverse(SigHash.Compute(tx, row[2].GetInt32(), script, 0, hashType, ignoreChronicle: true, cache: new SigHashCache(tx)));
            Assert.Equal(digest, cached);
            checkedRows++;
        }

        Assert.Equal(500, checkedRows);
    }

    private static string Reverse(byte[] digest)
    {
        var copy = (byte[])digest.Clone();
        Array.Reverse(copy);
        return Hex.Encode(copy);
    }
}
