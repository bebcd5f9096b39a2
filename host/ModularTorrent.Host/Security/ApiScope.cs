namespace ModularTorrent.Host.Security;

/// <summary>What an API key may do. Each scope includes the ones below it.</summary>
public enum ApiScope
{
    /// <summary>Read torrents, plugins, stats and the event stream.</summary>
    Read = 1,

    /// <summary>Also add, control and remove torrents and edit rules.</summary>
    Operate = 2,

    /// <summary>Also manage plugins, keys and broadcasters.</summary>
    Admin = 3,
}
