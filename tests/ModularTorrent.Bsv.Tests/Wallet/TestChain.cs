using System.Security.Cryptography;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Keys;
using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Spv;
using ModularTorrent.Bsv.Transactions;

namespace ModularTorrent.Bsv.Tests.Wallet;

/// <summary>
/// A payer with its own coins and a chain whose blocks the test "mines": each block holds the transaction among
/// random other txids, and its merkle root is registered with a real <see cref="KnownRootsChainTracker"/>.
/// </summary>
internal sealed class TestChain
{
    private uint _height = 850_000;

    public KnownRootsChainTracker Tracker { get; } = new();

    public PrivateKey Payer { get; } = PrivateKey.Random();

    public MerklePath Mine(Transaction tx, int others = 6)
    {
        var txids = new List<Hash256>();
        for (var i = 0; i < others; i++)
        {
            txids.Add(Hash256.Compute(RandomNumberGenerator.GetBytes(32)));
        }

        var index = RandomNumberGenerator.GetInt32(others + 1);
        txids.Insert(index, tx.GetTxId());
        var height = _height++;
        Tracker.Add(height, MerkleTree.ComputeRoot(txids));
        return MerkleTree.CreatePath(txids, index, height);
    }

    /// <summary>A mined transaction paying the payer <paramref name="satoshis"/> (the payer's coin), and its proof.</summary>
    public (Transaction Tx, MerklePath Proof) PayerCoin(ulong satoshis)
    {
        var coin = new Transaction();
        coin.Inputs.Add(new TransactionInput(new OutPoint(Hash256.Compute(RandomNumberGenerator.GetBytes(32)), 0), Script.FromHex("51")));
        coin.Outputs.Add(new TransactionOutput(satoshis, P2pkh.Lock(Payer.PublicKey)));
        return (coin, Mine(coin));
    }

    /// <summary>The payer spends its coin to the given scripts (the rest back to itself), signed.</summary>
    public Transaction Pay(Transaction coin, params (Script Script, ulong Satoshis)[] outputs)
    {
        var tx = new Transaction();
        tx.Inputs.Add(new TransactionInput(new OutPoint(coin.GetTxId(), 0)) { SourceTransaction = coin });
        foreach (var (script, satoshis) in outputs)
        {
            tx.Outputs.Add(new TransactionOutput(satoshis, script));
        }

        TransactionSigner.SignP2pkhInput(tx, 0, Payer);
        return tx;
    }
}
