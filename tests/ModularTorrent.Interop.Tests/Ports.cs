using ModularTorrent.BitTorrent.Tests.Discovery;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// Compiled into ModularTorrent.Cli.Tests only, which links it and does not reference ModularTorrent.Testing; the
/// interop tests themselves use <c>FreePort.TcpAndUdp</c>. Delete it once the CLI tests reference ModularTorrent.Testing.
/// </summary>
public static class Ports
{
    /// <summary>A port free for TCP and UDP on 127.0.0.1 right now.</summary>
    public static int Free() => OpenTrackerProcess.FreeTcpAndUdpPort();
}
