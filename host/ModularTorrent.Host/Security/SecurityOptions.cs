namespace ModularTorrent.Host.Security;

/// <summary>Access control settings (configuration section <c>Security</c>).</summary>
public sealed class SecurityOptions
{
    /// <summary>Allow reads without a key from loopback addresses. Off unless configured.</summary>
    public bool AllowAnonymousLoopbackReads { get; set; }

    /// <summary>Origins (scheme://host:port) allowed to open the event WebSocket besides the host's own.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Create an admin key and print it once when the database has no key at all.</summary>
    public bool CreateInitialAdminKey { get; set; } = true;
}
