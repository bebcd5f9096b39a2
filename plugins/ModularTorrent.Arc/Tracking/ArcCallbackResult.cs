namespace ModularTorrent.Arc.Tracking;

/// <summary>What <see cref="ArcBroadcaster.HandleCallbackAsync"/> made of a callback; the host maps it to an HTTP status.</summary>
public enum ArcCallbackResult
{
    /// <summary>Applied (200).</summary>
    Accepted = 1,

    /// <summary>The token is missing or wrong (401).</summary>
    Unauthorized = 2,

    /// <summary>The body is not an ARC callback (400).</summary>
    Invalid = 3,

    /// <summary>No callback token is configured, so callbacks are not taken (404).</summary>
    NotConfigured = 4,
}
