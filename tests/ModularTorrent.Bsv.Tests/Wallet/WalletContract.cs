using ModularTorrent.Bsv.Keys;
using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Spv;
using ModularTorrent.Bsv.Transactions;
using ModularTorrent.Bsv.Wallet;
using ModularTorrent.Storage;
using ModularTorrent.Testing;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Wallet;

/// <summary>The wallet's behaviour, run against real SQLite and real PostgreSQL.</summary>
public abstract class WalletContract
{
    private const string Secret = "correct horse battery staple";
    private const string Invoice = "2-bittorrent micropayment-1";

    protected abstract IWalletDatabases Databases { get; }

    private static WalletOptions Options(ulong dust = 1, ulong rate = 100) => new()
    {
        RootKeySecret = Secret,
        KeyDerivationIterations = 2000,
        DustLimitSatoshis = dust,
        FeeRateSatoshisPerKilobyte = rate,
    };

    private static Script Elsewhere() => P2pkh.Lock(PrivateKey.Random().PublicKey);

    /// <summary>Funds the wallet with <paramref name="count"/> outputs of <paramref name="each"/> satoshis in one mined transaction.</summary>
    private static async Task FundAsync(BsvWallet wallet, TestChain chain, int count, ulong each)
    {
        var key = await wallet.CreateReceiveKeyAsync(Counterparty.Of(chain.Payer.PublicKey), Invoice);
        var (coin, _) = chain.PayerCoin((ulong)count * each + 1000);
        var funding = chain.Pay(coin, Enumerable.Repeat((key.LockingScript, each), count).ToArray());
        var imported = await wallet.ImportTransactionAsync(funding.ToBytes(), chain.Mine(funding));
        Assert.Equal(count, imported.Count);
    }

    [Fact]
    public async Task Receive_key_matches_what_the_payer_derives_and_mined_funding_is_imported_once()
    {
        var db = await Databases.CreateAsync();
        var chain = new TestChain();
        var wallet = await BsvWallet.OpenAsync(db, Options(), chain.Tracker);
        var key = await wallet.CreateReceiveKeyAsync(Counterparty.Of(chain.Payer.PublicKey), Invoice);

        // The payer computes our key from our identity key alone.
        Assert.Equal(wallet.IdentityKey.DeriveChild(chain.Payer, Invoice), key.PublicKey);
        Assert.Equal(P2pkh.Lock(key.PublicKey), key.LockingScript);

        var (coin, _) = chain.PayerCoin(100_000);
        var funding = chain.Pay(coin, (key.LockingScript, 60_000), (Elsewhere(), 39_000));
        var proof = chain.Mine(funding);
        var imported = await wallet.ImportTransactionAsync(funding.ToBytes(), proof);
        var output = Assert.Single(imported);
        Assert.Equal(60_000UL, output.Satoshis);
        Assert.Equal(new OutPoint(funding.GetTxId(), 0), output.OutPoint);
        Assert.Empty(await wallet.ImportTransactionAsync(funding.ToBytes(), proof));
        Assert.Equal(new WalletBalance(60_000, 0, 1), await wallet.GetBalanceAsync());
    }

    [Fact]
    public async Task One_wallet_pays_another_through_a_brc29_derived_key_and_the_beef_funds_the_recipient()
    {
        var chain = new TestChain();
        var payer = await BsvWallet.OpenAsync(await Databases.CreateAsync(), Options(), chain.Tracker);
        var payee = await BsvWallet.OpenAsync(await Databases.CreateAsync(), Options(), chain.Tracker);
        await FundAsync(payer, chain, 2, 20_000);

        var invoice = Brc29.InvoiceNumber("abc", "1");
        Assert.Equal("2-3241645161d8-abc 1", invoice);
        var script = payer.DerivePaymentScript(payee.IdentityKey, invoice);
        await using var payment = await payer.BuildPaymentAsync([new PaymentOutput(script, 12_345)]);
        var beef = await payment.ToBeefAsync();
        await payment.CommitAsync();

        // The payee has not registered the key yet: nothing is recognised.
        Assert.Empty(await payee.ImportBeefAsync(beef.ToBytes()));
        var key = await payee.CreateReceiveKeyAsync(Counterparty.Of(payer.IdentityKey), invoice);
        Assert.Equal(script, key.LockingScript);
        var received = Assert.Single(await payee.ImportBeefAsync(beef.ToBytes()));
        Assert.Equal(12_345UL, received.Satoshis);

        // And the payee can spend it on.
        await using var onward = await payee.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 10_000)]);
        Assert.True((await (await onward.ToBeefAsync()).VerifyAsync(chain.Tracker)).IsValid);
    }

    [Fact]
    public async Task Payment_pays_outputs_fee_and_change_and_commit_spends_its_inputs()
    {
        var db = await Databases.CreateAsync();
        var chain = new TestChain();
        var wallet = await BsvWallet.OpenAsync(db, Options(), chain.Tracker);
        await FundAsync(wallet, chain, 3, 10_000);

        var payee = Elsewhere();
        await using var payment = await wallet.BuildPaymentAsync([new PaymentOutput(payee, 15_000)]);
        var tx = payment.Transaction;
        Assert.Equal(2, tx.Inputs.Count);
        Assert.Equal(2, tx.Outputs.Count);
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            Assert.True(TransactionSigner.VerifyP2pkhInput(tx, i));
        }

        var fee = 20_000UL - (ulong)tx.Outputs.Sum(o => (long)o.Satoshis);
        Assert.Equal(payment.Fee, fee);
        Assert.True(fee >= wallet.FeeModel.ComputeFee(tx.Size), $"fee {fee} below the rate for {tx.Size} bytes");
        Assert.Equal(wallet.FeeModel.ComputeFee(TransactionSizeEstimator.EstimateP2pkh(2, 2)), fee);
        Assert.Equal(new WalletBalance(10_000, 20_000, 1), await wallet.GetBalanceAsync());

        // The payment's BEEF proves itself against the chain.
        var beef = await payment.ToBeefAsync();
        Assert.True((await beef.VerifyAsync(chain.Tracker)).IsValid);

        await payment.CommitAsync();
        var change = tx.Outputs[payment.ChangeOutputIndex!.Value].Satoshis;
        Assert.Equal(new WalletBalance(10_000 + change, 0, 2), await wallet.GetBalanceAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => payment.CommitAsync());
    }

    [Fact]
    public async Task Change_from_beef_funding_is_spent_again_with_a_valid_beef_ancestry()
    {
        var db = await Databases.CreateAsync();
        var chain = new TestChain();
        var wallet = await BsvWallet.OpenAsync(db, Options(), chain.Tracker);
        var key = await wallet.CreateReceiveKeyAsync(Counterparty.Of(chain.Payer.PublicKey), new ProtocolId(SecurityLevel.Counterparty, "bittorrent micropayment"), "2");
        var (coin, coinProof) = chain.PayerCoin(50_000);
        var funding = chain.Pay(coin, (key.LockingScript, 40_000));
        var incoming = new Beef();
        incoming.AddTransaction(coin.ToBytes(), coinProof);
        incoming.AddTransaction(funding.ToBytes());
        Assert.Single(await wallet.ImportBeefAsync(incoming.ToBytes()));

        await using (var first = await wallet.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 5_000)]))
        {
            await first.CommitAsync();
        }

        // The second payment spends change of the unproven first payment: its BEEF carries the whole chain.
        await using var second = await wallet.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 30_000)]);
        var beef = await second.ToBeefAsync();
        Assert.Equal(4, beef.Transactions.Count);
        var result = await beef.VerifyAsync(chain.Tracker);
        Assert.True(result.IsValid, string.Join(" ", result.Errors));
        var linked = beef.GetLinkedTransaction(second.Transaction.GetTxId())!;
        Assert.True(TransactionSigner.VerifyP2pkhInput(linked, 0));
    }

    [Fact]
    public async Task Concurrent_payments_never_spend_the_same_output()
    {
        var db = await Databases.CreateAsync();
        var chain = new TestChain();
        var wallet = await BsvWallet.OpenAsync(db, Options(), chain.Tracker);
        await FundAsync(wallet, chain, 10, 1_000);

        // 16 payments race for 10 outputs; each needs exactly one.
        var attempts = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await wallet.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 500)]);
            }
            catch (InsufficientFundsException)
            {
                return null;
            }
        })).ToArray();
        var finished = await Task.WhenAll(attempts).WaitAsync(TimeSpan.FromMinutes(2));
        var payments = finished.Where(p => p is not null).Select(p => p!).ToList();
        Assert.Equal(10, payments.Count);
        var spent = payments.SelectMany(p => p.Inputs.Select(i => i.OutPoint)).ToList();
        Assert.Equal(spent.Count, spent.Distinct().Count());
        Assert.Equal(10, spent.Count);

        // Half fail (released), half commit: the released outputs are spendable again, the committed ones never.
        for (var i = 0; i < payments.Count; i++)
        {
            if (i % 2 == 0)
            {
                await payments[i].CommitAsync();
            }
            else
            {
                await payments[i].ReleaseAsync();
            }
        }

        var spendable = await wallet.ListSpendableAsync();
        var released = payments.Where((_, i) => i % 2 == 1).SelectMany(p => p.Inputs.Select(x => x.OutPoint)).ToHashSet();
        var committed = payments.Where((_, i) => i % 2 == 0).SelectMany(p => p.Inputs.Select(x => x.OutPoint)).ToHashSet();
        Assert.True(released.IsSubsetOf(spendable.Select(s => s.OutPoint)));
        Assert.Empty(committed.Intersect(spendable.Select(s => s.OutPoint)));
        Assert.Equal(0UL, (await wallet.GetBalanceAsync()).ReservedSatoshis);
    }

    [Fact]
    public async Task Insufficient_funds_reserves_nothing_and_says_how_much_is_missing()
    {
        var db = await Databases.CreateAsync();
        var chain = new TestChain();
        var wallet = await BsvWallet.OpenAsync(db, Options(), chain.Tracker);
        await FundAsync(wallet, chain, 2, 1_000);
        var ex = await Assert.ThrowsAsync<InsufficientFundsException>(() => wallet.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 5_000)]));
        Assert.Equal(2_000UL, ex.Available);
        Assert.True(ex.Required > 5_000);
        Assert.Equal(new WalletBalance(2_000, 0, 2), await wallet.GetBalanceAsync());

        // Exactly enough without change: everything is spent, no change output.
        var fee = wallet.FeeModel.ComputeFee(TransactionSizeEstimator.EstimateP2pkh(2, 1));
        await using var exact = await wallet.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 2_000 - fee)]);
        Assert.Null(exact.ChangeOutputIndex);
        Assert.Single(exact.Transaction.Outputs);
    }

    [Fact]
    public async Task A_payment_that_fails_after_reserving_releases_its_outputs()
    {
        var db = await Databases.CreateAsync();
        var chain = new TestChain();
        var wallet = await BsvWallet.OpenAsync(db, Options(), chain.Tracker);
        await FundAsync(wallet, chain, 2, 5_000);

        // A damaged derivation record makes signing fail after both outputs were reserved.
        await db.WithConnectionAsync(async (c, t) =>
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE wallet_outputs SET counterparty = 'not a key'";
            return await cmd.ExecuteNonQueryAsync(t);
        });
        await Assert.ThrowsAsync<BsvFormatException>(() => wallet.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 8_000)]));
        Assert.Equal(new WalletBalance(10_000, 0, 2), await wallet.GetBalanceAsync());

        // A cancelled build reserves nothing either.
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wallet.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 1_000)], cancelled.Token));
        Assert.Equal(0UL, (await wallet.GetBalanceAsync()).ReservedSatoshis);
    }

    [Fact]
    public async Task Change_below_the_dust_limit_goes_to_the_fee()
    {
        var db = await Databases.CreateAsync();
        var chain = new TestChain();
        var wallet = await BsvWallet.OpenAsync(db, Options(dust: 546), chain.Tracker);
        await FundAsync(wallet, chain, 1, 10_000);
        await using var payment = await wallet.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 9_500)]);
        Assert.Null(payment.ChangeOutputIndex);
        Assert.Single(payment.Transaction.Outputs);
        Assert.Equal(500UL, payment.Fee);

        await payment.ReleaseAsync();
        await using var withChange = await wallet.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 9_000)]);
        Assert.NotNull(withChange.ChangeOutputIndex);
        Assert.True(withChange.Transaction.Outputs[withChange.ChangeOutputIndex!.Value].Satoshis >= 546);
    }

    [Fact]
    public async Task Root_key_is_encrypted_at_rest_and_only_the_right_secret_opens_it()
    {
        var db = await Databases.CreateAsync();
        var chain = new TestChain();
        var root = PrivateKey.Random();
        var wallet = await BsvWallet.OpenAsync(db, Options(), chain.Tracker, initialRootKey: root);
        Assert.Equal(root.PublicKey, wallet.IdentityKey);
        var again = await BsvWallet.OpenAsync(db, Options(), chain.Tracker, initialRootKey: PrivateKey.Random());
        Assert.Equal(root.PublicKey, again.IdentityKey);

        var wrong = Options();
        wrong.RootKeySecret = "a different secret entirely";
        var ex = await Assert.ThrowsAsync<WalletException>(() => BsvWallet.OpenAsync(db, wrong, chain.Tracker));
        Assert.Contains("does not decrypt", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, Options().ToString(), StringComparison.Ordinal);

        var stored = await db.WithConnectionAsync(async (c, t) =>
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT encrypted_key FROM wallet_root_key";
            return (byte[])(await cmd.ExecuteScalarAsync(t))!;
        });
        var plain = root.ToBytes();
        Assert.False(stored.AsSpan().IndexOf(plain) >= 0, "the raw root key is visible in the database");
        Assert.Equal(root, RootKeyProtector.Unprotect(stored, Secret));
    }

    [Fact]
    public async Task Unproven_or_orphan_funding_is_rejected_precisely()
    {
        var db = await Databases.CreateAsync();
        var chain = new TestChain();
        var wallet = await BsvWallet.OpenAsync(db, Options(), chain.Tracker);
        var key = await wallet.CreateReceiveKeyAsync(Counterparty.Of(chain.Payer.PublicKey), Invoice);
        var (coin, _) = chain.PayerCoin(50_000);
        var funding = chain.Pay(coin, (key.LockingScript, 40_000));

        // BEEF without the parent.
        var orphan = new Beef();
        orphan.AddTransaction(funding.ToBytes());
        var missing = await Assert.ThrowsAsync<BeefValidationException>(() => wallet.ImportBeefAsync(orphan.ToBytes()));
        Assert.Contains("Missing parent", missing.Message, StringComparison.Ordinal);

        // A well-formed BEEF whose unproven transaction is forged (signed by the wrong key, or inflating the amount).
        var (realCoin, realProof) = chain.PayerCoin(50_000);
        var forged = new Transaction();
        forged.Inputs.Add(new TransactionInput(new OutPoint(realCoin.GetTxId(), 0)) { SourceTransaction = realCoin });
        forged.Outputs.Add(new TransactionOutput(40_000, key.LockingScript));
        TransactionSigner.SignP2pkhInput(forged, 0, PrivateKey.Random());
        var forgedBeef = new Beef();
        forgedBeef.AddTransaction(realCoin.ToBytes(), realProof);
        forgedBeef.AddTransaction(forged.ToBytes());
        Assert.True(forgedBeef.Validate().IsValid);
        var badSig = await Assert.ThrowsAsync<BeefValidationException>(() => wallet.ImportBeefAsync(forgedBeef.ToBytes()));
        Assert.Contains("does not unlock", badSig.Message, StringComparison.Ordinal);

        var inflated = chain.Pay(realCoin, (key.LockingScript, 60_000));
        var inflatedBeef = new Beef();
        inflatedBeef.AddTransaction(realCoin.ToBytes(), realProof);
        inflatedBeef.AddTransaction(inflated.ToBytes());
        var inflation = await Assert.ThrowsAsync<BeefValidationException>(() => wallet.ImportBeefAsync(inflatedBeef.ToBytes()));
        Assert.Contains("creates 60000 satoshis from inputs of 50000", inflation.Message, StringComparison.Ordinal);

        // A proof whose block the chain does not know.
        var stranger = new TestChain();
        var foreignProof = stranger.Mine(funding);
        var unknown = await Assert.ThrowsAsync<BeefValidationException>(() => wallet.ImportTransactionAsync(funding.ToBytes(), foreignProof));
        Assert.Contains("does not know the merkle root", unknown.Message, StringComparison.Ordinal);

        // A proof for a different transaction.
        var other = chain.Mine(coin);
        Assert.Contains("does not contain transaction", (await Assert.ThrowsAsync<BeefValidationException>(() => wallet.ImportTransactionAsync(funding.ToBytes(), other))).Message, StringComparison.Ordinal);

        // Garbage.
        await Assert.ThrowsAsync<BsvFormatException>(() => wallet.ImportBeefAsync(new byte[] { 1, 0, 0xbe, 0xef, 5 }));
        Assert.Equal(new WalletBalance(0, 0, 0), await wallet.GetBalanceAsync());
    }

    [Fact]
    public async Task Abandoned_reservations_are_released_after_the_timeout()
    {
        var db = await Databases.CreateAsync();
        var chain = new TestChain();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var wallet = await BsvWallet.OpenAsync(db, Options(), chain.Tracker, clock);
        await FundAsync(wallet, chain, 1, 5_000);
        var abandoned = await wallet.BuildPaymentAsync([new PaymentOutput(Elsewhere(), 1_000)]);
        Assert.Equal(0, await wallet.ReleaseStaleReservationsAsync());
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await wallet.ReleaseStaleReservationsAsync());
        Assert.Equal(5_000UL, (await wallet.GetBalanceAsync()).SpendableSatoshis);
        var ex = await Assert.ThrowsAsync<WalletException>(() => abandoned.CommitAsync());
        Assert.Contains("no longer holds", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class WalletSqliteTests : WalletContract, IDisposable
{
    private readonly SqliteWalletDatabases _databases = new();

    protected override IWalletDatabases Databases => _databases;

    public void Dispose() => _databases.Dispose();
}

[Collection(BsvPostgresCollection.Name)]
public sealed class WalletPostgresTests(PostgresServer server) : WalletContract, IAsyncLifetime
{
    private readonly PostgresWalletDatabases _databases = new(server);

    protected override IWalletDatabases Databases => _databases;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _databases.DisposeAsync().AsTask();
}
