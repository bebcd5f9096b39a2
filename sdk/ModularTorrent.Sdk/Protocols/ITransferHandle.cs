namespace ModularTorrent.Sdk.Protocols;

/// <summary>A running transfer: read its status, control it. Every member is safe to call from any thread.</summary>
public interface ITransferHandle
{
    /// <summary>The transfer id; for torrents the lower-case hex v1 info-hash.</summary>
    string Id { get; }

    /// <summary>The display name.</summary>
    string Name { get; }

    /// <summary>A consistent snapshot of the transfer's status.</summary>
    TransferStatus GetStatus();

    /// <summary>The files of the transfer, with progress and priority.</summary>
    IReadOnlyList<TransferFile> GetFiles();

    /// <summary>The connected peers.</summary>
    IReadOnlyList<TransferPeer> GetPeers();

    /// <summary>The trackers and their last announce results.</summary>
    IReadOnlyList<TransferTracker> GetTrackers();

    /// <summary>The verified pieces as a BitTorrent-order bitfield (high bit of byte 0 is piece 0).</summary>
    byte[] GetVerifiedPieces();

    /// <summary>The metainfo file, when known (a magnet has none until its metadata arrived).</summary>
    ReadOnlyMemory<byte>? GetMetainfo();

    /// <summary>Stops moving data but keeps the transfer.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task PauseAsync(CancellationToken cancellationToken = default);

    /// <summary>Resumes a paused transfer.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task ResumeAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks every piece on disk again.</summary>
    /// <param name="cancellationToken">Cancels the wait, not the check.</param>
    Task RecheckAsync(CancellationToken cancellationToken = default);

    /// <summary>Announces to every tracker now.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task ReannounceAsync(CancellationToken cancellationToken = default);

    /// <summary>Switches the piece-selection policy while the transfer runs.</summary>
    /// <param name="policyName">A registered policy's name.</param>
    /// <exception cref="ArgumentException">No policy of that name is registered.</exception>
    void SetSelectionPolicy(string policyName);

    /// <summary>Changes file priorities.</summary>
    /// <param name="priorities">New priorities by file index.</param>
    void SetFilePriorities(IReadOnlyDictionary<int, FilePriority> priorities);

    /// <summary>Changes the transfer's rate limits.</summary>
    /// <param name="limits">The new limits.</param>
    void SetRateLimits(RateLimits limits);

    /// <summary>Stops the transfer for good: resume data is saved (or deleted with the data).</summary>
    /// <param name="deleteData">Also delete the downloaded files.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task StopAsync(bool deleteData, CancellationToken cancellationToken = default);
}
