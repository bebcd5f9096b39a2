using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Keys;
using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Spv;
using ModularTorrent.Bsv.Transactions;
using ModularTorrent.Storage;

namespace ModularTorrent.Bsv.Wallet;

/// <summary>
/// A BSV wallet over the host database: one root key (encrypted at rest with the configured secret), BRC-42 receive
/// keys per counterparty and invoice, unspent outputs funded from SPV-checked BEEF or a raw transaction with its
/// merkle path, and payments built by reserving outputs so concurrent payments never spend the same one.
/// </summary>
public sealed class BsvWallet
{
    private static readonly ProtocolId ChangeProtocol = new(SecurityLevel.Counterparty, "wallet change");
    private readonly WalletStore _store;
    private readonly PrivateKey _root;
    private readonly WalletOptions _options;
    private readonly IChainTracker _chainTracker;
    private readonly TimeProvider _time;
    private readonly FeeModel _feeModel;

    private BsvWallet(WalletStore store, PrivateKey root, WalletOptions options, IChainTracker chainTracker, TimeProvider time)
    {
        _store = store;
        _root = root;
        _options = options;
        _chainTracker = chainTracker;
        _time = time;
        _feeModel = new FeeModel(options.FeeRateSatoshisPerKilobyte);
    }

    /// <summary>The wallet's identity key (the root public key), which counterparties derive receive keys from.</summary>
    public PublicKey IdentityKey => _root.PublicKey;

    /// <summary>The fee model in use.</summary>
    public FeeModel FeeModel => _feeModel;

    /// <summary>
    /// Opens the wallet: decrypts the stored root key with the configured secret, or creates, encrypts and stores a new
    /// root key (or <paramref name="initialRootKey"/>) when the database has none. The wallet migrations must have run.
    /// </summary>
    /// <param name="db">The database.</param>
    /// <param name="options">The settings (the secret among them).</param>
    /// <param name="chainTracker">Checks merkle roots of incoming funding.</param>
    /// <param name="time">The clock (reservation times).</param>
    /// <param name="initialRootKey">A root key to store on first use instead of a random one (e.g. an import).</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <exception cref="WalletException">Bad settings, or the secret does not decrypt the stored key.</exception>
    public static async Task<BsvWallet> OpenAsync(
        IDbConnectionFactory db,
        WalletOptions options,
        IChainTracker chainTracker,
        TimeProvider? time = null,
        PrivateKey? initialRootKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(chainTracker);
        options.Validate();
        time ??= TimeProvider.System;
        var store = new WalletStore(db);
        var blob = await store.GetRootKeyAsync(cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            var fresh = initialRootKey ?? PrivateKey.Random();
            var encrypted = RootKeyProtector.Protect(fresh, options.RootKeySecret, options.KeyDerivationIterations);
            await store.InsertRootKeyAsync(encrypted, fresh.PublicKey.ToString(), time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);

            // Another process may have stored its key first; whichever row exists is the wallet's key.
            blob = await store.GetRootKeyAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new WalletException("The wallet root key could not be stored.");
        }

        var root = RootKeyProtector.Unprotect(blob, options.RootKeySecret);
        return new BsvWallet(store, root, options, chainTracker, time);
    }

    /// <summary>
    /// Derives and records the receive key for a payment from <paramref name="counterparty"/> under
    /// <paramref name="invoiceNumber"/>: our child key <c>root.DeriveChild(counterpartyKey, invoice)</c>, whose public
    /// key the payer computes as <c>IdentityKey.DeriveChild(payerKey, invoice)</c>.
    /// </summary>
    /// <param name="counterparty">The payer.</param>
    /// <param name="invoiceNumber">The invoice number (e.g. from <see cref="InvoiceNumber.Compute"/>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<ReceiveKey> CreateReceiveKeyAsync(Counterparty counterparty, string invoiceNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counterparty);
        ArgumentException.ThrowIfNullOrEmpty(invoiceNumber);
        var key = DeriveSpendingKey(counterparty, invoiceNumber).PublicKey;
        var script = P2pkh.Lock(key);
        await _store.AddReceiveKeyAsync(script.Span.ToArray(), counterparty.ToString(), invoiceNumber, Now(), cancellationToken).ConfigureAwait(false);
        return new ReceiveKey(key, script, key.ToAddress(_options.Network), counterparty, invoiceNumber);
    }

    /// <summary>BRC-43 form of <see cref="CreateReceiveKeyAsync(Counterparty, string, CancellationToken)"/>.</summary>
    /// <param name="counterparty">The payer.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<ReceiveKey> CreateReceiveKeyAsync(Counterparty counterparty, ProtocolId protocol, string keyId, CancellationToken cancellationToken = default) =>
        CreateReceiveKeyAsync(counterparty, InvoiceNumber.Compute(protocol, keyId), cancellationToken);

    /// <summary>
    /// The payer's side of BRC-42: the P2PKH script paying <paramref name="recipientIdentity"/>'s child key for
    /// <paramref name="invoiceNumber"/> (the key the recipient records with
    /// <see cref="CreateReceiveKeyAsync(Counterparty, string, CancellationToken)"/> for us as counterparty).
    /// </summary>
    /// <param name="recipientIdentity">The recipient's identity key.</param>
    /// <param name="invoiceNumber">The invoice number both sides use.</param>
    public Script DerivePaymentScript(PublicKey recipientIdentity, string invoiceNumber)
    {
        ArgumentNullException.ThrowIfNull(recipientIdentity);
        ArgumentException.ThrowIfNullOrEmpty(invoiceNumber);
        return P2pkh.Lock(recipientIdentity.DeriveChild(_root, invoiceNumber));
    }

    /// <summary>
    /// Imports funding from a BEEF: checks it (structure, every merkle root against the chain tracker, and the
    /// signatures and amounts of every unproven transaction), then records every output of its transactions that pays
    /// one of our receive keys.
    /// </summary>
    /// <param name="beefBytes">The BEEF.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <returns>The outputs newly recorded.</returns>
    /// <exception cref="BsvFormatException">The BEEF is malformed.</exception>
    /// <exception cref="BeefValidationException">The BEEF does not prove its transactions (missing parent, unknown root, bad signature, …).</exception>
    public async Task<IReadOnlyList<WalletOutput>> ImportBeefAsync(ReadOnlyMemory<byte> beefBytes, CancellationToken cancellationToken = default)
    {
        var beef = Beef.Parse(beefBytes.Span);
        await beef.EnsureValidAsync(_chainTracker, cancellationToken).ConfigureAwait(false);

        // Proofs show the proven transactions were mined; the rest must show valid spends.
        var spendErrors = BeefSpendVerifier.Verify(beef);
        if (spendErrors.Count > 0)
        {
            throw new BeefValidationException("Invalid BEEF: " + string.Join(" ", spendErrors));
        }
        var imported = new List<WalletOutput>();
        foreach (var entry in beef.Transactions)
        {
            if (entry.Transaction is null)
            {
                continue;
            }

            var proof = entry.BumpIndex is { } index ? beef.Bumps[index].ToBytes() : null;

            // An unproven transaction keeps the BEEF it came in, so spending it later can hand its ancestry on.
            var ancestry = proof is null ? beef.ToBytes() : null;
            imported.AddRange(await RecordOwnOutputsAsync(entry.TxId, entry.RawTransaction!, entry.Transaction, proof, ancestry, cancellationToken).ConfigureAwait(false));
        }

        return imported;
    }

    /// <summary>Imports funding from a mined transaction and its merkle path, checked against the chain tracker.</summary>
    /// <param name="rawTransaction">The raw transaction.</param>
    /// <param name="proof">Its merkle path.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <returns>The outputs newly recorded.</returns>
    /// <exception cref="BeefValidationException">The path does not contain the txid, or its root is not on the chain.</exception>
    public async Task<IReadOnlyList<WalletOutput>> ImportTransactionAsync(ReadOnlyMemory<byte> rawTransaction, MerklePath proof, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var tx = Transaction.Parse(rawTransaction.Span);
        var txId = Hash256.Compute(rawTransaction.Span);
        if (!proof.TryGetOffset(txId, out _))
        {
            throw new BeefValidationException($"The merkle path at height {proof.BlockHeight} does not contain transaction {txId}.");
        }

        if (!await proof.VerifyAsync(txId, _chainTracker, cancellationToken).ConfigureAwait(false))
        {
            throw new BeefValidationException($"The chain tracker does not know the merkle root of transaction {txId} at height {proof.BlockHeight}.");
        }

        return await RecordOwnOutputsAsync(txId, rawTransaction.ToArray(), tx, proof.ToBytes(), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds and signs a payment: reserves unspent outputs (largest first, each by a conditional update, so a
    /// concurrent payment can never take the same one) until they cover the outputs and the fee, adds change to a
    /// fresh self-derived key unless it would be below the dust limit, and signs every input. On any failure the
    /// reservations are released. Commit the result once broadcast; dispose or release it otherwise.
    /// </summary>
    /// <param name="outputs">The outputs to pay.</param>
    /// <param name="cancellationToken">Cancels the build (reservations are released).</param>
    /// <exception cref="InsufficientFundsException">The unreserved outputs do not cover the payment.</exception>
    public async Task<PendingPayment> BuildPaymentAsync(IReadOnlyList<PaymentOutput> outputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0 || outputs.Any(o => o.Satoshis == 0))
        {
            throw new ArgumentException("A payment needs at least one output, each of at least 1 satoshi.", nameof(outputs));
        }

        var reservation = Guid.NewGuid().ToString("N");
        try
        {
            var selected = new List<WalletStore.OutputRow>();
            ulong total = 0;
            CoinSelectionResult? result = null;
            var candidates = await _store.ListSpendableAsync(cancellationToken).ConfigureAwait(false);
            foreach (var candidate in candidates)
            {
                if (!await _store.TryReserveAsync(candidate.TxId, candidate.Vout, reservation, Now(), cancellationToken).ConfigureAwait(false))
                {
                    continue; // a concurrent payment took it first
                }

                selected.Add(candidate);
                total += (ulong)candidate.Satoshis;
                result = CoinSelection.Evaluate(total, selected.Count, outputs, _feeModel, _options.DustLimitSatoshis);
                if (result.IsSufficient)
                {
                    break;
                }
            }

            result ??= CoinSelection.Evaluate(0, 0, outputs, _feeModel, _options.DustLimitSatoshis);
            if (!result.IsSufficient)
            {
                throw new InsufficientFundsException(result.Required, total);
            }

            var tx = new Transaction();
            var spent = new List<WalletOutput>();
            foreach (var row in selected)
            {
                var output = ToWalletOutput(row);
                spent.Add(output);
                tx.Inputs.Add(new TransactionInput(output.OutPoint) { SourceSatoshis = output.Satoshis, SourceLockingScript = output.LockingScript });
            }

            foreach (var o in outputs)
            {
                tx.Outputs.Add(new TransactionOutput(o.Satoshis, o.LockingScript));
            }

            ReceiveKey? changeKey = null;
            if (result.Change > 0)
            {
                changeKey = await CreateReceiveKeyAsync(Counterparty.Self, InvoiceNumber.Compute(ChangeProtocol, reservation), cancellationToken).ConfigureAwait(false);
                tx.Outputs.Add(new TransactionOutput(result.Change, changeKey.LockingScript));
            }

            var sighashes = new SigHashCache(tx);
            for (var i = 0; i < spent.Count; i++)
            {
                TransactionSigner.SignP2pkhInput(tx, i, DeriveSpendingKey(spent[i].Counterparty, spent[i].InvoiceNumber), cache: sighashes);
            }

            return new PendingPayment(this, reservation, tx, spent, result.Fee, changeKey is null ? null : tx.Outputs.Count - 1, changeKey);
        }
        catch
        {
            await _store.ReleaseAsync(reservation, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The spendable and reserved totals.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<WalletBalance> GetBalanceAsync(CancellationToken cancellationToken = default)
    {
        var row = await _store.GetBalanceAsync(cancellationToken).ConfigureAwait(false);
        return new WalletBalance((ulong)row.Spendable, (ulong)row.Reserved, (int)row.SpendableCount);
    }

    /// <summary>The unreserved unspent outputs, largest first.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<WalletOutput>> ListSpendableAsync(CancellationToken cancellationToken = default) =>
        (await _store.ListSpendableAsync(cancellationToken).ConfigureAwait(false)).Select(ToWalletOutput).ToList();

    /// <summary>Releases reservations older than <see cref="WalletOptions.ReservationTimeout"/> (payments abandoned by a crash).</summary>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>How many outputs were released.</returns>
    public Task<int> ReleaseStaleReservationsAsync(CancellationToken cancellationToken = default) =>
        _store.ReleaseStaleAsync(Now() - (long)_options.ReservationTimeout.TotalMilliseconds, cancellationToken);

    internal Task<int> ReleaseAsync(string reservation) => _store.ReleaseAsync(reservation, CancellationToken.None);

    internal Task<int> CommitAsync(PendingPayment payment, CancellationToken cancellationToken)
    {
        var tx = payment.Transaction;
        var txId = tx.GetTxId().ToString();
        var raw = tx.ToBytes();
        var beef = payment.ToBeef().ToBytes();
        var now = Now();
        return _store.InTransactionAsync(
            async (c, dbTx, t) =>
            {
                var spent = await WalletStore.MarkSpentAsync(c, dbTx, payment.Reservation, txId, t).ConfigureAwait(false);
                if (spent != payment.Inputs.Count)
                {
                    throw new WalletException($"Payment {txId} no longer holds its {payment.Inputs.Count} reserved outputs ({spent} found); it was released or timed out.");
                }

                await WalletStore.SaveTransactionAsync(c, dbTx, txId, raw, null, beef, now, t).ConfigureAwait(false);
                if (payment.ChangeOutputIndex is { } index && payment.ChangeKey is { } change)
                {
                    await WalletStore.AddOutputAsync(
                        c,
                        dbTx,
                        new WalletStore.OutputRow
                        {
                            TxId = txId,
                            Vout = index,
                            Satoshis = checked((long)tx.Outputs[index].Satoshis),
                            LockingScript = change.LockingScript.Span.ToArray(),
                            Counterparty = change.Counterparty.ToString(),
                            Invoice = change.InvoiceNumber,
                        },
                        now,
                        t).ConfigureAwait(false);
                }

                return spent;
            },
            cancellationToken);
    }

    internal async Task AddAncestryAsync(Beef beef, Hash256 txId, CancellationToken cancellationToken)
    {
        var row = await _store.GetTransactionAsync(txId.ToString(), cancellationToken).ConfigureAwait(false)
            ?? throw new WalletException($"The wallet has no record of its funding transaction {txId}.");
        if (row.MerklePath is not null)
        {
            beef.AddTransaction(row.RawTx, MerklePath.Parse(row.MerklePath, legalOffsetsOnly: false));
            return;
        }

        if (row.Beef is not null)
        {
            var stored = Beef.Parse(row.Beef);
            stored.SortTransactions();
            foreach (var entry in stored.Transactions.Where(e => e.RawTransaction is not null))
            {
                beef.AddTransaction(entry.RawTransaction!, entry.BumpIndex is { } i ? stored.Bumps[i] : null);
            }

            return;
        }

        beef.AddTransaction(row.RawTx);
    }

    private async Task<IReadOnlyList<WalletOutput>> RecordOwnOutputsAsync(Hash256 txId, byte[] raw, Transaction tx, byte[]? proof, byte[]? ancestry, CancellationToken cancellationToken)
    {
        var mine = new List<WalletStore.OutputRow>();
        for (var vout = 0; vout < tx.Outputs.Count; vout++)
        {
            var script = tx.Outputs[vout].LockingScript.Span.ToArray();
            var key = await _store.FindReceiveKeyAsync(script, cancellationToken).ConfigureAwait(false);
            if (key is not null)
            {
                mine.Add(new WalletStore.OutputRow
                {
                    TxId = txId.ToString(),
                    Vout = vout,
                    Satoshis = checked((long)tx.Outputs[vout].Satoshis),
                    LockingScript = script,
                    Counterparty = key.Counterparty,
                    Invoice = key.Invoice,
                });
            }
        }

        if (mine.Count == 0)
        {
            return [];
        }

        var now = Now();
        return await _store.InTransactionAsync<IReadOnlyList<WalletOutput>>(
            async (c, dbTx, t) =>
            {
                await WalletStore.SaveTransactionAsync(c, dbTx, txId.ToString(), raw, proof, ancestry, now, t).ConfigureAwait(false);
                var added = new List<WalletOutput>();
                foreach (var row in mine)
                {
                    if (await WalletStore.AddOutputAsync(c, dbTx, row, now, t).ConfigureAwait(false))
                    {
                        added.Add(ToWalletOutput(row));
                    }
                }

                return added;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private PrivateKey DeriveSpendingKey(Counterparty counterparty, string invoiceNumber) =>
        _root.DeriveChild(counterparty.Resolve(_root), invoiceNumber);

    private static WalletOutput ToWalletOutput(WalletStore.OutputRow row) => new(
        new OutPoint(Hash256.Parse(row.TxId), checked((uint)row.Vout)),
        checked((ulong)row.Satoshis),
        new Script(row.LockingScript),
        Counterparty.Parse(row.Counterparty),
        row.Invoice);

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
