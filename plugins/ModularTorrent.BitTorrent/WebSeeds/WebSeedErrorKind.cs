namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>Why a web seed request failed.</summary>
public enum WebSeedErrorKind
{
    /// <summary>The server has no such file (HTTP 404 or 410).</summary>
    NotFound,

    /// <summary>The server could not serve the range asked for (HTTP 416), or answered a different range.</summary>
    BadRange,

    /// <summary>The answer is larger than allowed: more bytes than asked, or a whole-file answer beyond the skip limit.</summary>
    TooLarge,

    /// <summary>No answer, or no progress in the body, within the time-out.</summary>
    Timeout,

    /// <summary>The body or the file length the server reports does not match the torrent.</summary>
    WrongLength,

    /// <summary>The server refused (connection refused, 401/403, 429/503 busy, any other status); see <see cref="WebSeedException.RetryAfter"/>.</summary>
    Refused,

    /// <summary>More redirects than allowed, a redirect without a location, or to a non-HTTP scheme.</summary>
    TooManyRedirects,

    /// <summary>The connection broke while the body was being read.</summary>
    Connection,
}
