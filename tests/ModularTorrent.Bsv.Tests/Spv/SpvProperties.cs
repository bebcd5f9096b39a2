using FsCheck;
using FsCheck.Fluent;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Spv;
using ModularTorrent.Bsv.Transactions;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Spv;

public sealed class SpvProperties
{
    [Fact]
    public void Any_block_size_and_index_gives_a_bump_that_round_trips_to_the_block_root()
    {
        Prop.ForAll(Gen.Choose(1, 300).ToArbitrary(), Gen.Choose(0, 1_000_000).ToArbitrary(), (count, seed) =>
        {
            var txids = Enumerable.Range(0, count).Select(i => Hash256.Compute(BitConverter.GetBytes((long)seed * 1000 + i))).ToList();
            var index = seed % count;
            var root = MerkleTree.ComputeRoot(txids);
            var path = MerklePath.Parse(MerkleTree.CreatePath(txids, index, (uint)seed).ToBytes());
            return path.ComputeRoot(txids[index]) == root && path.BlockHeight == (uint)seed;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Transactions_round_trip_through_raw_and_extended_format()
    {
        var scriptGen = ArbMap.Default.GeneratorFor<byte[]>().Select(b => new Script(b ?? []));
        var inputGen =
            from seed in ArbMap.Default.GeneratorFor<int>()
            from index in ArbMap.Default.GeneratorFor<uint>()
            from script in scriptGen
            from sequence in ArbMap.Default.GeneratorFor<uint>()
            from amount in ArbMap.Default.GeneratorFor<ulong>()
            from source in scriptGen
            select new TransactionInput(new OutPoint(Hash256.Compute(BitConverter.GetBytes(seed)), index), script, sequence) { SourceSatoshis = amount, SourceLockingScript = source };
        var outputGen =
            from amount in ArbMap.Default.GeneratorFor<ulong>()
            from script in scriptGen
            select new TransactionOutput(amount, script);
        var txGen =
            from version in ArbMap.Default.GeneratorFor<uint>()
            from lockTime in ArbMap.Default.GeneratorFor<uint>()
            from inputs in Gen.ListOf(inputGen)
            from outputs in Gen.ListOf(outputGen)
            select Build(version, lockTime, inputs, outputs);
        Prop.ForAll(txGen.ToArbitrary(), tx =>
        {
            var raw = tx.ToBytes();
            var ef = tx.ToExtendedBytes();
            var fromRaw = Transaction.Parse(raw);
            var fromEf = Transaction.ParseExtended(ef);
            return raw.Length == tx.Size
                && fromRaw.ToBytes().AsSpan().SequenceEqual(raw)
                && fromEf.ToExtendedBytes().AsSpan().SequenceEqual(ef)
                && fromEf.GetTxId() == tx.GetTxId()
                && (tx.Inputs.Count == 0 || Transaction.ParseAny(ef).ToBytes().AsSpan().SequenceEqual(raw));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_bytes_never_crash_the_parsers()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            bytes ??= [];
            foreach (var parse in new Action[]
            {
                () => Transaction.Parse(bytes),
                () => Transaction.ParseExtended(bytes),
                () => MerklePath.Parse(bytes),
                () => Beef.Parse(bytes),
                () => Beef.Parse([0x01, 0x00, 0xbe, 0xef, .. bytes]),
                () => EcdsaSignature.FromDer(bytes),
                () => ModularTorrent.Bsv.Keys.PublicKey.FromBytes(bytes),
            })
            {
                try
                {
                    parse();
                }
                catch (BsvFormatException)
                {
                    // the only acceptable failure
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    private static Transaction Build(uint version, uint lockTime, List<TransactionInput> inputs, List<TransactionOutput> outputs)
    {
        var tx = new Transaction { Version = version, LockTime = lockTime };
        tx.Inputs.AddRange(inputs);
        tx.Outputs.AddRange(outputs);
        return tx;
    }
}
