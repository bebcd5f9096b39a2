using System.Net;

namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>A web seed request failed; <see cref="Kind"/> says why.</summary>
public sealed class WebSeedException : Exception
{
    /// <summary>Creates an exception of kind <see cref="WebSeedErrorKind.Refused"/>.</summary>
    public WebSeedException()
        : this(WebSeedErrorKind.Refused, "The web seed request failed.")
    {
    }

    /// <summary>Creates an exception of kind <see cref="WebSeedErrorKind.Refused"/>.</summary>
    /// <param name="message">What went wrong.</param>
    public WebSeedException(string message)
        : this(WebSeedErrorKind.Refused, message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="WebSeedErrorKind.Refused"/>.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public WebSeedException(string message, Exception innerException)
        : this(WebSeedErrorKind.Refused, message, innerException: innerException)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="kind">Why the request failed.</param>
    /// <param name="message">What went wrong, naming the URL.</param>
    /// <param name="status">The HTTP status, when the server answered.</param>
    /// <param name="retryAfter">How long the server asked us to wait (<c>Retry-After</c>), already capped.</param>
    /// <param name="innerException">The cause, if any.</param>
    public WebSeedException(WebSeedErrorKind kind, string message, HttpStatusCode? status = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Status = status;
        RetryAfter = retryAfter;
    }

    /// <summary>Why the request failed.</summary>
    public WebSeedErrorKind Kind { get; }

    /// <summary>The HTTP status, when the server answered.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The file whose request failed (index in the torrent), when the failure is tied to one.</summary>
    public int? FileIndex { get; internal set; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
