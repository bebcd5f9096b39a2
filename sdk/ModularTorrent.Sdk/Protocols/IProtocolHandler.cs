using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Sdk.Protocols;

/// <summary>Moves bytes for one kind of source: BitTorrent, HTTP, the BSV overlay, …</summary>
public interface IProtocolHandler : INamedExtension
{
    /// <summary>Whether this handler can start a transfer from <paramref name="source"/>. Must be cheap and never throw.</summary>
    /// <param name="source">A magnet link, <c>.torrent</c> bytes or path, an http(s) URL, …</param>
    bool CanHandle(TransferSource source);

    /// <summary>Starts (or resumes, from stored resume data) a transfer.</summary>
    /// <param name="request">What to transfer and where to.</param>
    /// <param name="cancellationToken">Cancels the start, not the transfer.</param>
    /// <returns>A handle to watch and control the running transfer.</returns>
    /// <exception cref="TransferSourceException">The source is malformed; the message says how.</exception>
    Task<ITransferHandle> StartAsync(TransferRequest request, CancellationToken cancellationToken);

    /// <summary>Shares a local file or folder and returns an identifier others can fetch it with.</summary>
    /// <param name="request">What to share and how.</param>
    /// <param name="cancellationToken">Cancels the preparation (hashing), not the seeding.</param>
    Task<SeedResult> SeedAsync(SeedRequest request, CancellationToken cancellationToken);

    /// <summary>The transfers this handler is running now.</summary>
    IReadOnlyList<ITransferHandle> Transfers { get; }
}
