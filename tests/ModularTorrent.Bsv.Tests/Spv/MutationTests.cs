using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Spv;
using ModularTorrent.Bsv.Transactions;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Spv;

/// <summary>Corrupted real data (one byte changed) is either still parseable or rejected with a format error, never a crash.</summary>
public sealed class MutationTests
{
    [Fact]
    public void Mutated_beef_bump_and_transactions_fail_only_with_format_errors()
    {
        var beefFile = Vectors.Json("beef_brc62.json");
        var samples = new (string Name, byte[] Bytes, Action<byte[]> Parse)[]
        {
            ("beef", Hex.Decode(beefFile.GetProperty("brc62Example").GetProperty("hex").GetString()!), b => Beef.Parse(b).Validate()),
            ("beefs0", Hex.Decode(beefFile.GetProperty("tsSdkBeefTests").GetProperty("beefs0").GetString()!), b => Beef.Parse(b).Validate()),
            ("bump", Hex.Decode(Vectors.Json("bump_brc74.json").GetProperty("brc74Example").GetProperty("hex").GetString()!), b => MerklePath.Parse(b).ComputeRoot()),
            ("ef", Hex.Decode(beefFile.GetProperty("brc62Example").GetProperty("subjectTxEF").GetString()!), b => Transaction.ParseAny(b)),
        };
        var random = new Random(42);
        var parsed = 0;
        var rejected = 0;
        foreach (var (name, original, parse) in samples)
        {
            for (var i = 0; i < 1500; i++)
            {
                var bytes = (byte[])original.Clone();
                var position = random.Next(bytes.Length);
                bytes[position] = (byte)random.Next(256);
                try
                {
                    parse(bytes);
                    parsed++;
                }
                catch (BsvFormatException)
                {
                    rejected++;
                }
                catch (Exception ex)
                {
                    Assert.Fail($"{name}: byte {position} set to {bytes[position]:x2} gave {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        Assert.True(rejected > 0 && parsed > 0, $"parsed {parsed}, rejected {rejected}");
    }

    [Fact]
    public void A_hostile_bump_that_leaves_every_node_to_be_computed_stays_fast()
    {
        // 2^14 level-0 hashes and no upper nodes: every txid's root needs the whole tree. With shared node caching
        // validation is linear in the tree size, not quadratic.
        const int leaves = 1 << 14;
        var level0 = new List<MerklePathLeaf>(leaves);
        for (var i = 0; i < leaves; i++)
        {
            level0.Add(MerklePathLeaf.WithHash((ulong)i, ModularTorrent.Bsv.Crypto.Hash256.Compute(BitConverter.GetBytes(i)), isTxId: true));
        }

        var levels = new List<IReadOnlyList<MerklePathLeaf>> { level0 };
        for (var h = 1; h < 14; h++)
        {
            levels.Add([]);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var path = new MerklePath(1, levels);
        var parsed = MerklePath.Parse(path.ToBytes());
        Assert.Equal(path.ComputeRoot(), parsed.ComputeRoot(level0[^1].Hash));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }
}
