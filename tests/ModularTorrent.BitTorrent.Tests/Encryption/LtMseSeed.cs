using System.Globalization;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Interop.Tests;

namespace ModularTorrent.BitTorrent.Tests.Encryption;

/// <summary>
/// python/lt_mse.py seeding the small torrent it makes in <c>dir/seed</c>, on a port of 127.0.0.1 free for TCP and
/// UDP, accepting only RC4-encrypted peers (or, with <c>plain</c>, only peers that know nothing of MSE).
/// </summary>
public sealed class LtMseSeed : IDisposable
{
    private LtMseSeed(LibtorrentScript script, int port, InfoHash infoHash)
    {
        Script = script;
        Port = port;
        InfoHash = infoHash;
    }

    public LibtorrentScript Script { get; }

    public int Port { get; }

    public InfoHash InfoHash { get; }

    public string Output => Script.Output;

    /// <summary>Starts the seed and waits (each step within <paramref name="bound"/>) until libtorrent reports seeding.</summary>
    public static async Task<LtMseSeed> StartAsync(string dir, TimeSpan bound, bool plain = false)
    {
        var port = FreePort.TcpAndUdp();
        string[] args = ["seed", "--dir", dir, "--port", port.ToString(CultureInfo.InvariantCulture), "--timeout", "60"];
        var script = LibtorrentScript.Start("lt_mse.py", plain ? [.. args, "--plain"] : args);
        try
        {
            var infoHash = InfoHash.FromHex(await script.WaitForAsync("infohash", bound));
            await script.WaitForAsync("seeding", bound);
            return new LtMseSeed(script, port, infoHash);
        }
        catch
        {
            script.Dispose();
            throw;
        }
    }

    public void Dispose() => Script.Dispose();
}
