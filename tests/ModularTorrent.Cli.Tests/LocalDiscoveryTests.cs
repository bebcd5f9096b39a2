using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Cli;

namespace ModularTorrent.Cli.Tests;

/// <summary>
/// <c>mt seed</c> and <c>mt get</c> as separate processes with <c>--lsd-interface 127.0.0.1</c> and nothing else: no
/// <c>--peer</c>, no tracker, no DHT. They meet over BEP 14 multicast on the loopback interface (the group's packets
/// sent via 127.0.0.1 stay on this host) on the standard port 6771.
/// </summary>
[Collection(LsdPortCollection.Name)]
public sealed partial class LocalDiscoveryTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"^Local service discovery on 239\.192\.152\.143:6771 via 127\.0\.0\.1\.(.*)$", RegexOptions.Multiline)]
    private static partial Regex LsdLine();

    /// <summary>A two-file share and its .torrent (no tracker); returns the torrent's path and metainfo.</summary>
    private async Task<(string Torrent, TorrentMetainfo Metainfo)> CreateShareAsync(bool isPrivate = false)
    {
        _folder.WriteRandomFile("share/album.bin", 3_000_000);
        _folder.WriteRandomFile("share/notes/cover.txt", 70_000);
        var torrent = _folder.Combine("share.torrent");
        var bytes = await TorrentCreator.CreateAsync(_folder.Combine("share"), new TorrentCreateOptions { Private = isPrivate });
        await File.WriteAllBytesAsync(torrent, bytes);
        var metainfo = TorrentMetainfo.Parse(bytes);
        Assert.Empty(metainfo.AnnounceTiers);
        Assert.Equal(isPrivate, metainfo.IsPrivate);
        return (torrent, metainfo);
    }

    /// <summary>
    /// Starts the seed and waits until it prints its LSD line, which comes after its engine joined the group and its
    /// torrent started (and made its one start-up announce, to nobody yet).
    /// </summary>
    private async Task<(MtProcess Seed, string LsdNote)> StartSeedAsync(string torrent)
    {
        var seed = new MtProcess("seed", torrent, _folder.Path, "--port", "0", "--lsd-interface", "127.0.0.1", "--max-time", "120");
        try
        {
            var line = await seed.WaitForOutputAsync(LsdLine(), Bound);
            return (seed, line.Groups[1].Value.Trim());
        }
        catch
        {
            seed.Dispose();
            throw;
        }
    }

    private void AssertSameFiles()
    {
        foreach (var relative in new[] { "album.bin", Path.Combine("notes", "cover.txt") })
        {
            Assert.Equal(File.ReadAllBytes(_folder.Combine("share", relative)), File.ReadAllBytes(_folder.Combine("out", "share", relative)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Get_finds_the_seed_through_local_service_discovery_alone(bool magnet)
    {
        var (torrent, metainfo) = await CreateShareAsync();

        // Order matters. LSD announces a torrent once when it starts, then only every 5 minutes, and an announce is
        // heard only by processes already in the group. So the seed goes first and we wait until it is in the group
        // (its LSD line); the get then announces at its start, the seed hears it and dials the get. Started together,
        // both start-up announces could go out before the other had joined, and they would not meet until the
        // 5-minute re-announce, past every bound here.
        var (seed, note) = await StartSeedAsync(torrent);
        using (seed)
        {
            Assert.Equal(string.Empty, note);
            var source = magnet ? $"magnet:?xt=urn:btih:{metainfo.InfoHash.ToHex()}" : torrent;
            using var get = new MtProcess("get", source, "-o", _folder.Combine("out"), "--lsd-interface", "127.0.0.1", "--max-time", "60");
            var code = await get.WaitAsync(Bound);

            Assert.True(code == ExitCodes.Success, $"{get.Out}\n{get.Error}\nseed: {seed.Out}\n{seed.Error}");
            AssertSameFiles();
            Assert.Matches(LsdLine(), get.Out);
            Assert.Contains($"Done: all {metainfo.PieceCount} pieces of share verified", get.Out, StringComparison.Ordinal);
            if (magnet)
            {
                Assert.Contains("Fetching the metadata of", get.Out, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_private_torrent_is_kept_off_local_service_discovery()
    {
        // The control for the test above: the same two processes, but BEP 27 keeps the torrent out of LSD, so the get
        // has nowhere to find the seed and runs out of time with nothing downloaded.
        var (torrent, _) = await CreateShareAsync(isPrivate: true);
        var (seed, note) = await StartSeedAsync(torrent);
        using (seed)
        {
            Assert.Equal("The torrent is private (BEP 27), so it is not announced there.", note);
            using var get = new MtProcess("get", torrent, "-o", _folder.Combine("out"), "--lsd-interface", "127.0.0.1", "--max-time", "6s");
            var code = await get.WaitAsync(Bound);

            Assert.True(code == ExitCodes.TimedOut, $"{get.Out}\n{get.Error}\nseed: {seed.Out}\n{seed.Error}");
            Assert.Contains("Local service discovery on 239.192.152.143:6771 via 127.0.0.1. The torrent is private (BEP 27), so it is not announced there.", get.Out, StringComparison.Ordinal);
            Assert.Contains("timed out after 6 s with 0.0% verified, 0 peers connected", get.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Lsd_that_cannot_join_its_group_ends_the_run_with_2()
    {
        var (torrent, _) = await CreateShareAsync();

        // A socket on UDP 6771 without SO_REUSEADDR keeps the engine's LSD socket from binding (Linux wants the option
        // on every socket sharing a port). Another LSD user on this host (an interop test) holding the port with
        // SO_REUSEADDR makes this bind fail instead; wait for it, bounded.
        using var squatter = await BindExclusivelyAsync(6771, TimeSpan.FromSeconds(60));
        var (code, run) = await CliRun.RunAsync("seed", torrent, _folder.Path, "--port", "0", "--lsd-interface", "127.0.0.1", "--max-time", "30");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("WARNING Local service discovery is off:", run.Error, StringComparison.Ordinal);
        Assert.Contains(
            "mt: Local service discovery cannot start on 239.192.152.143:6771 via 127.0.0.1 (the warning above says why). Run without --lsd, or name another interface with --lsd-interface.",
            run.Error,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Seeding", run.Out, StringComparison.Ordinal);
    }

    private static async Task<Socket> BindExclusivelyAsync(int port, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Any, port));
                return socket;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(250);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
