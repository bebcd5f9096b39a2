namespace ModularTorrent.Cli;

/// <summary>The announce URLs the engine can talk to: HTTP(S) and UDP (BEP 15) trackers.</summary>
public static class TrackerUrl
{
    /// <summary>Whether <paramref name="text"/> is an absolute http, https or udp URL.</summary>
    /// <param name="text">The URL as given.</param>
    public static bool IsSupported(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "udp";
}
