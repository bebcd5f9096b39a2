using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Keys;
using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Transactions;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Transactions;

public sealed class P2pkhEndToEndVectorTests
{
    [Fact]
    public void Generated_p2pkh_transactions_are_rebuilt_byte_for_byte()
    {
        var file = Vectors.Json("bsv-sdk_generated_p2pkh_brc43.json");
        var parent = Transaction.FromHex(file.GetProperty("parentTxHex").GetString()!);
        Assert.Equal(file.GetProperty("parentTxid").GetString(), parent.GetTxId().ToString());
        var cases = file.GetProperty("p2pkh");
        Assert.Equal(6, cases.GetArrayLength());
        var signedInputs = 0;
        foreach (var c in cases.EnumerateArray())
        {
            var expected = Transaction.FromHex(c.GetProperty("signedTxHex").GetString()!);
            Assert.Equal(c.GetProperty("txid").GetString(), expected.GetTxId().ToString());

            // Rebuild the unsigned transaction and sign each input from scratch.
            var tx = new Transaction { Version = expected.Version, LockTime = expected.LockTime };
            foreach (var o in expected.Outputs)
            {
                tx.Outputs.Add(new TransactionOutput(o.Satoshis, o.LockingScript));
            }

            var inputs = c.GetProperty("inputs");
            for (var i = 0; i < expected.Inputs.Count; i++)
            {
                var vin = inputs[i];
                var input = new TransactionInput(expected.Inputs[i].PreviousOutput, sequence: expected.Inputs[i].Sequence)
                {
                    SourceTransaction = parent,
                };
                Assert.Equal(parent.GetTxId(), input.PreviousOutput.TxId);
                Assert.Equal(vin.GetProperty("sourceOutputIndex").GetUInt32(), input.PreviousOutput.Index);
                tx.Inputs.Add(input);
            }

            for (var i = 0; i < tx.Inputs.Count; i++)
            {
                var vin = inputs[i];
                var hashType = vin.GetProperty("sighashType").GetUInt32();
                Assert.True(tx.TryGetSourceOutput(i, out var amount, out var locking));
                Assert.Equal(vin.GetProperty("sourceSatoshis").GetUInt64(), amount);
                Assert.Equal(vin.GetProperty("sourceLockingScriptHex").GetString(), locking.ToHex());
                Assert.Equal(vin.GetProperty("preimageHex").GetString(), Hex.Encode(SigHash.ForkIdPreimage(tx, i, locking.Span, amount, hashType)));
                Assert.Equal(vin.GetProperty("sighashHex_internalOrder").GetString(), Hex.Encode(SigHash.Compute(tx, i, locking.Span, amount, hashType)));
                var key = PrivateKey.FromHex(vin.GetProperty("privateKey").GetString()!);
                Assert.Equal(vin.GetProperty("publicKey").GetString(), key.PublicKey.ToString());
                var sig = TransactionSigner.SignP2pkhInput(tx, i, key, hashType);
                Assert.Equal(vin.GetProperty("signatureDERplusType").GetString(), Hex.Encode(sig));
                Assert.Equal(vin.GetProperty("unlockingScriptHex").GetString(), tx.Inputs[i].UnlockingScript.ToHex());
                signedInputs++;
            }

            Assert.Equal(c.GetProperty("signedTxHex").GetString(), tx.ToHex());
            Assert.Equal(c.GetProperty("efHex").GetString(), Hex.Encode(tx.ToExtendedBytes()));
            var ef = Transaction.ParseExtended(Hex.Decode(c.GetProperty("efHex").GetString()!));
            Assert.Equal(tx.ToHex(), ef.ToHex());
            Assert.Equal(c.GetProperty("efHex").GetString(), Hex.Encode(ef.ToExtendedBytes()));
            for (var i = 0; i < ef.Inputs.Count; i++)
            {
                Assert.True(TransactionSigner.VerifyP2pkhInput(ef, i));
            }

            Assert.Equal(tx.ToBytes().Length, tx.Size);
        }

        Assert.Equal(9, signedInputs);
    }

    [Fact]
    public void Fee_rows_match_with_the_p2pkh_size_estimate()
    {
        var fees = Vectors.Json("bsv-sdk_generated_p2pkh_brc43.json").GetProperty("fees");
        Assert.Equal(6, fees.GetArrayLength());
        foreach (var f in fees.EnumerateArray())
        {
            var size = TransactionSizeEstimator.EstimateP2pkh(1, 2);
            Assert.Equal(f.GetProperty("estimatedSizeBytes").GetInt32(), size);
            Assert.Equal(f.GetProperty("fee").GetUInt64(), new FeeModel(f.GetProperty("satPerKb").GetUInt64()).ComputeFee(size));
        }

        Assert.Equal(23UL, new FeeModel().ComputeFee(227));
    }

    [Fact]
    public void Every_sighash_type_signs_and_verifies()
    {
        var key = PrivateKey.Random();
        var lockScript = P2pkh.Lock(key.PublicKey);
        foreach (var baseType in new[] { SigHashType.All, SigHashType.None, SigHashType.Single })
        {
            foreach (var acp in new[] { 0u, SigHashType.AnyoneCanPay })
            {
                foreach (var fork in new[] { SigHashType.ForkId, 0u })
                {
                    var hashType = baseType | acp | fork;
                    var tx = new Transaction();
                    for (var i = 0; i < 2; i++)
                    {
                        tx.Inputs.Add(new TransactionInput(new OutPoint(Hash256.Compute([(byte)i]), (uint)i)) { SourceSatoshis = 1000, SourceLockingScript = lockScript });
                    }

                    tx.Outputs.Add(new TransactionOutput(900, lockScript));
                    tx.Outputs.Add(new TransactionOutput(900, lockScript));
                    for (var i = 0; i < 2; i++)
                    {
                        TransactionSigner.SignP2pkhInput(tx, i, key, hashType);
                    }

                    for (var i = 0; i < 2; i++)
                    {
                        Assert.True(TransactionSigner.VerifyP2pkhInput(tx, i), $"type {hashType:x2} input {i}");
                    }

                    // Changing the amount of output 1 breaks ALL signatures and SINGLE for input 1, never NONE.
                    tx.Outputs[1].Satoshis = 899;
                    var stillValid = TransactionSigner.VerifyP2pkhInput(tx, 1);
                    Assert.Equal(baseType == SigHashType.None, stillValid);
                }
            }
        }
    }

    [Theory]
    [InlineData("", "transaction version")]
    [InlineData("01000000", "input count")]
    [InlineData("0100000001", "does not fit")]
    [InlineData("0100000001" + "0000000000000000000000000000000000000000000000000000000000000000000000001000000000", "unlocking script length")]
    [InlineData("01000000fd0100", "Bad varint")]
    [InlineData("01000000ff0100000000000000", "Bad varint")]
    [InlineData("0100000000000000000000", "trailing")]
    [InlineData("01000000fe00000100", "does not fit")]
    public void Bad_transactions_are_rejected_precisely(string hex, string expected)
    {
        var ex = Assert.Throws<BsvFormatException>(() => Transaction.FromHex(hex));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncating_a_real_transaction_anywhere_gives_a_format_error()
    {
        var raw = Hex.Decode(Vectors.Json("bsv-sdk_generated_p2pkh_brc43.json").GetProperty("p2pkh")[1].GetProperty("signedTxHex").GetString()!);
        for (var length = 0; length < raw.Length; length++)
        {
            Assert.Throws<BsvFormatException>(() => Transaction.Parse(raw.AsSpan(0, length)));
        }
    }
}
