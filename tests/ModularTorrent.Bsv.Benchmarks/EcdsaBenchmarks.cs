using BenchmarkDotNet.Attributes;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Keys;
using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Transactions;

namespace ModularTorrent.Bsv.Benchmarks;

/// <summary>ECDSA over secp256k1: one signature (RFC 6979 nonce, low-S) and one verification, plus BRC-42 and a P2PKH input.</summary>
[MemoryDiagnoser]
public class EcdsaBenchmarks
{
    private readonly PrivateKey _key = PrivateKey.FromHex("e91671c46231f833a6406ccbea0e3e392c76c167bac1cb013f6f1013980455c2");
    private readonly PublicKey _counterparty = PrivateKey.FromHex("583755110a8c059de5cd81b8a04e1be884c46083ade3f779c1e022f6f89da94c").PublicKey;
    private readonly byte[][] _digests = Enumerable.Range(0, 256).Select(i => Hashes.Sha256([(byte)i, 1, 2, 3])).ToArray();
    private EcdsaSignature[] _signatures = [];
    private PublicKey _publicKey = null!;
    private Transaction _tx = null!;
    private int _next;

    /// <summary>Precomputes signatures to verify and a transaction to sign.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _publicKey = _key.PublicKey;
        _signatures = _digests.Select(d => Ecdsa.Sign(d, _key)).ToArray();
        _tx = new Transaction();
        _tx.Inputs.Add(new TransactionInput(new OutPoint(Hash256.Compute([1]), 0)) { SourceSatoshis = 100_000, SourceLockingScript = P2pkh.Lock(_publicKey) });
        _tx.Outputs.Add(new TransactionOutput(60_000, P2pkh.Lock(_counterparty)));
        _tx.Outputs.Add(new TransactionOutput(39_900, P2pkh.Lock(_publicKey)));
    }

    /// <summary>One ECDSA signature over a 32-byte digest.</summary>
    [Benchmark(Baseline = true)]
    public EcdsaSignature Sign() => Ecdsa.Sign(_digests[_next++ & 255], _key);

    /// <summary>One ECDSA verification.</summary>
    [Benchmark]
    public bool Verify()
    {
        var i = _next++ & 255;
        return Ecdsa.Verify(_digests[i], _signatures[i], _publicKey);
    }

    /// <summary>BRC-42 child private key (ECDH + HMAC).</summary>
    [Benchmark]
    public PrivateKey Brc42DeriveChild() => _key.DeriveChild(_counterparty, "2-bittorrent micropayment-" + (_next++ & 255));

    /// <summary>Sighash (FORKID) and signature of one P2PKH input.</summary>
    [Benchmark]
    public byte[] SignP2pkhInput() => TransactionSigner.SignP2pkhInput(_tx, 0, _key);
}
