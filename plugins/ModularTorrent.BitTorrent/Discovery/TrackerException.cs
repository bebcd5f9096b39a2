namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>A tracker request failed. For <see cref="TrackerErrorKind.Refused"/> the message is the tracker's own text.</summary>
public sealed class TrackerException : Exception
{
    /// <summary>Creates an exception of kind <see cref="TrackerErrorKind.Transport"/>.</summary>
    public TrackerException()
        : this(TrackerErrorKind.Transport, "The tracker request failed.")
    {
    }

    /// <summary>Creates an exception of kind <see cref="TrackerErrorKind.Transport"/>.</summary>
    /// <param name="message">What went wrong.</param>
    public TrackerException(string message)
        : this(TrackerErrorKind.Transport, message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="TrackerErrorKind.Transport"/>.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public TrackerException(string message, Exception innerException)
        : this(TrackerErrorKind.Transport, message, innerException)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="kind">Why the request failed.</param>
    /// <param name="message">What went wrong; for <see cref="TrackerErrorKind.Refused"/>, the tracker's text.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TrackerException(TrackerErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    /// <summary>Why the request failed.</summary>
    public TrackerErrorKind Kind { get; }
}
