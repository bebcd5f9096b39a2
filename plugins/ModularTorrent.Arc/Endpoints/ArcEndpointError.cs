namespace ModularTorrent.Arc.Endpoints;

/// <summary>Why an <see cref="ArcEndpointRegistry"/> operation failed; maps to an HTTP status.</summary>
public enum ArcEndpointError
{
    /// <summary>The settings are invalid (400).</summary>
    Invalid = 1,

    /// <summary>No endpoint has the name (404).</summary>
    NotFound = 2,

    /// <summary>The name is taken (409).</summary>
    Conflict = 3,
}
