using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>One tracker, spoken to over its own protocol (HTTP or UDP).</summary>
public interface ITrackerClient : IDisposable
{
    /// <summary>The tracker's announce URL.</summary>
    Uri AnnounceUri { get; }

    /// <summary>Announces to the tracker.</summary>
    /// <param name="request">What to announce.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The tracker's answer.</returns>
    /// <exception cref="TrackerException">The tracker refused, did not answer, or answered nonsense.</exception>
    /// <exception cref="ArgumentException">The request is invalid (see <see cref="AnnounceRequest.Validate"/>).</exception>
    Task<AnnounceResponse> AnnounceAsync(AnnounceRequest request, CancellationToken cancellationToken);

    /// <summary>Asks the tracker for the counts of some torrents.</summary>
    /// <param name="infoHashes">The torrents, at least one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The counts of each torrent the tracker knows; unknown torrents are absent.</returns>
    /// <exception cref="TrackerException">The tracker refused, did not answer, answered nonsense, or has no scrape.</exception>
    Task<IReadOnlyDictionary<InfoHash, ScrapeStats>> ScrapeAsync(IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken);
}
