using ModularTorrent.Bsv.Spv;
using ModularTorrent.Bsv.Transactions;

namespace ModularTorrent.Bsv.Wallet;

/// <summary>
/// A signed payment whose inputs are reserved. <see cref="CommitAsync"/> once it is broadcast (marks the inputs
/// spent and records the change); <see cref="ReleaseAsync"/> or dispose to give the inputs back if it is abandoned.
/// </summary>
public sealed class PendingPayment : IAsyncDisposable
{
    private readonly BsvWallet _wallet;
    private int _state; // 0 pending, 1 committed, 2 released
    private Beef? _beefForCommit;

    internal PendingPayment(BsvWallet wallet, string reservation, Transaction transaction, IReadOnlyList<WalletOutput> inputs, ulong fee, int? changeOutputIndex, ReceiveKey? changeKey)
    {
        _wallet = wallet;
        Reservation = reservation;
        Transaction = transaction;
        Inputs = inputs;
        Fee = fee;
        ChangeOutputIndex = changeOutputIndex;
        ChangeKey = changeKey;
    }

    /// <summary>The reservation id holding the inputs.</summary>
    public string Reservation { get; }

    /// <summary>The signed transaction.</summary>
    public Transaction Transaction { get; }

    /// <summary>The outputs it spends.</summary>
    public IReadOnlyList<WalletOutput> Inputs { get; }

    /// <summary>The fee it pays.</summary>
    public ulong Fee { get; }

    /// <summary>The index of the change output, if there is one.</summary>
    public int? ChangeOutputIndex { get; }

    /// <summary>The change key, if there is change.</summary>
    internal ReceiveKey? ChangeKey { get; }

    /// <summary>Whether it was committed.</summary>
    public bool IsCommitted => Volatile.Read(ref _state) == 1;

    /// <summary>The payment as BEEF: the wallet's records of each input's ancestry, then this transaction.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<Beef> ToBeefAsync(CancellationToken cancellationToken = default)
    {
        var beef = new Beef();
        foreach (var parent in Inputs.Select(i => i.OutPoint.TxId).Distinct())
        {
            await _wallet.AddAncestryAsync(beef, parent, cancellationToken).ConfigureAwait(false);
        }

        beef.AddTransaction(Transaction.ToBytes());
        beef.SortTransactions();
        return beef;
    }

    /// <summary>Marks the inputs spent and records the change output (call once the transaction is broadcast).</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="InvalidOperationException">Already committed or released.</exception>
    /// <exception cref="WalletException">The reservation was lost (released or timed out).</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("This payment was already committed or released.");
        }

        try
        {
            _beefForCommit = await ToBeefAsync(cancellationToken).ConfigureAwait(false);
            await _wallet.CommitAsync(this, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Volatile.Write(ref _state, 0);
            throw;
        }
    }

    /// <summary>Gives the reserved inputs back (a failed or abandoned payment). Does nothing after a commit.</summary>
    public async Task ReleaseAsync()
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
        {
            await _wallet.ReleaseAsync(Reservation).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the inputs unless the payment was committed.</summary>
    public async ValueTask DisposeAsync() => await ReleaseAsync().ConfigureAwait(false);

    internal Beef ToBeef() => _beefForCommit ?? throw new InvalidOperationException("The payment BEEF is built during commit.");
}
