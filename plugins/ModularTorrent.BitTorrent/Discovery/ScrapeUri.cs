namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>Derives a tracker's scrape URL from its announce URL by the usual convention.</summary>
/// <remarks>
/// The convention (BEP 48): when the text after the last <c>/</c> of the path starts with
/// <c>announce</c>, replace that word with <c>scrape</c> and keep the rest (<c>/announce.php</c> →
/// <c>/scrape.php</c>, query kept, so a passkey survives). Otherwise the tracker has no scrape.
/// </remarks>
public static class ScrapeUri
{
    private const string Announce = "announce";

    /// <summary>Tries to derive the scrape URL of an HTTP(S) announce URL.</summary>
    /// <param name="announce">The announce URL.</param>
    /// <param name="scrape">The scrape URL, when there is one.</param>
    /// <returns>Whether the announce URL follows the convention.</returns>
    public static bool TryCreate(Uri announce, out Uri? scrape)
    {
        ArgumentNullException.ThrowIfNull(announce);
        scrape = null;
        var path = announce.AbsolutePath;
        var slash = path.LastIndexOf('/');
        if (slash < 0 || string.CompareOrdinal(path, slash + 1, Announce, 0, Announce.Length) != 0)
        {
            return false;
        }

        var builder = new UriBuilder(announce)
        {
            Path = string.Concat(path.AsSpan(0, slash + 1), "scrape", path.AsSpan(slash + 1 + Announce.Length)),
        };
        scrape = builder.Uri;
        return true;
    }
}
