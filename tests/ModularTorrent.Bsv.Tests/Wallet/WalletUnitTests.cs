using ModularTorrent.Bsv.Keys;
using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Transactions;
using ModularTorrent.Bsv.Wallet;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Wallet;

public sealed class WalletUnitTests
{
    private static readonly Script Payee = P2pkh.Lock(PrivateKey.FromHex("0000000000000000000000000000000000000000000000000000000000000002").PublicKey);

    [Fact]
    public void Root_key_protector_round_trips_and_detects_tampering()
    {
        var key = PrivateKey.Random();
        var blob = RootKeyProtector.Protect(key, "a secret of sixteen+", 1000);
        Assert.Equal(RootKeyProtector.EncryptedLength, blob.Length);
        Assert.Equal(key, RootKeyProtector.Unprotect(blob, "a secret of sixteen+"));
        Assert.NotEqual(blob, RootKeyProtector.Protect(key, "a secret of sixteen+", 1000)); // fresh salt and nonce

        foreach (var index in new[] { 1, 6, 22, 40, blob.Length - 1 })
        {
            var tampered = (byte[])blob.Clone();
            tampered[index] ^= 0x01;
            Assert.Throws<WalletException>(() => RootKeyProtector.Unprotect(tampered, "a secret of sixteen+"));
        }

        Assert.Contains("expected format", Assert.Throws<WalletException>(() => RootKeyProtector.Unprotect(blob.AsSpan(1), "a secret of sixteen+")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_validated_and_never_print_the_secret()
    {
        var options = new WalletOptions { RootKeySecret = "short" };
        Assert.Contains("RootKeySecret", Assert.Throws<WalletException>(options.Validate).Message, StringComparison.Ordinal);
        options.RootKeySecret = "long enough secret value";
        options.Validate();
        Assert.DoesNotContain("long enough secret value", options.ToString(), StringComparison.Ordinal);
        options.DustLimitSatoshis = 0;
        Assert.Contains("DustLimitSatoshis", Assert.Throws<WalletException>(options.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coin_selection_arithmetic()
    {
        var fees = new FeeModel(100);
        PaymentOutput[] outputs = [new(Payee, 10_000)];
        var withChangeFee = fees.ComputeFee(TransactionSizeEstimator.EstimateP2pkh(1, 2)); // 227 bytes → 23
        var withoutChangeFee = fees.ComputeFee(TransactionSizeEstimator.EstimateP2pkh(1, 1)); // 193 bytes → 20
        Assert.Equal(23UL, withChangeFee);
        Assert.Equal(20UL, withoutChangeFee);

        var plenty = CoinSelection.Evaluate(20_000, 1, outputs, fees, 1);
        Assert.Equal(new CoinSelectionResult(true, 23, 20_000 - 10_000 - 23, 10_023), plenty);

        // Change of exactly the dust limit is kept; one satoshi less and it goes to the fee.
        var atDust = CoinSelection.Evaluate(10_000 + 23 + 546, 1, outputs, fees, 546);
        Assert.Equal(546UL, atDust.Change);
        var belowDust = CoinSelection.Evaluate(10_000 + 23 + 545, 1, outputs, fees, 546);
        Assert.Equal(0UL, belowDust.Change);
        Assert.Equal(23UL + 545, belowDust.Fee);

        Assert.True(CoinSelection.Evaluate(10_020, 1, outputs, fees, 1).IsSufficient);
        Assert.False(CoinSelection.Evaluate(10_019, 1, outputs, fees, 1).IsSufficient);
    }
}
