namespace ModularTorrent.Arc.Outbox;

/// <summary>
/// Durable storage of transactions to broadcast: a transaction is stored before it is sent, so a
/// crash never loses it; after a restart the pending ones are sent again.
/// </summary>
public interface IArcOutbox
{
    /// <summary>Stores a new pending entry durably; returns <see langword="false"/> when the txid is already stored (the stored entry is kept).</summary>
    /// <param name="entry">The entry; its state should be <see cref="OutboxState.Pending"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> AddAsync(OutboxEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Applies several changes in one transaction.</summary>
    /// <param name="updates">The changes; unknown txids are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task UpdateAsync(IReadOnlyList<OutboxUpdate> updates, CancellationToken cancellationToken = default);

    /// <summary>The entries in <paramref name="state"/>, highest priority first, then in the order they were added.</summary>
    /// <param name="state">The state wanted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState state, CancellationToken cancellationToken = default);

    /// <summary>One entry, or <see langword="null"/>.</summary>
    /// <param name="txid">The transaction id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<OutboxEntry?> GetAsync(string txid, CancellationToken cancellationToken = default);

    /// <summary>Deletes finished entries (<see cref="OutboxState.Completed"/>, <see cref="OutboxState.Failed"/>) last changed before <paramref name="updatedBefore"/>.</summary>
    /// <param name="updatedBefore">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>How many were deleted.</returns>
    Task<int> PruneAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken = default);
}
