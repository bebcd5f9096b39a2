namespace ModularTorrent.Arc.Endpoints;

/// <summary>An <see cref="ArcEndpointRegistry"/> operation failed.</summary>
public sealed class ArcEndpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">Why it failed.</param>
    /// <param name="message">A precise message for the caller.</param>
    public ArcEndpointException(ArcEndpointError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Why it failed.</summary>
    public ArcEndpointError Error { get; }
}
