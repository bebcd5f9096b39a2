using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ModularTorrent.BitTorrent.Encryption;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Interop.Tests;

namespace ModularTorrent.BitTorrent.Tests.Encryption;

/// <summary>MSE against libtorrent (python3-libtorrent) with encryption forced to RC4 on its side.</summary>
public sealed class MseInteropTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempFolder _dir = new("mt-mse");

    [Fact]
    public async Task Our_initiator_handshakes_with_a_forced_rc4_libtorrent_seed()
    {
        using var seed = await LtMseSeed.StartAsync(_dir.Path, Bound);
        var (port, infoHash) = (seed.Port, seed.InfoHash);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Bound);
        MseResult result;
        try
        {
            result = await MseHandshake.InitiateAsync(client.GetStream(), infoHash, new MseSettings { Mode = EncryptionMode.Required });
        }
        catch (MseException ex)
        {
            throw new InvalidOperationException(ex.Message + "\n" + seed.Output, ex);
        }

        Assert.Equal(CryptoMethod.Rc4, result.Method);

        await result.Stream.WriteAsync(MseHandshakeTests.PlainHandshake(infoHash));
        var reply = await MseHandshakeTests.ReadExactlyAsync(result.Stream, 68);
        Assert.Equal("\u0013BitTorrent protocol"u8.ToArray(), reply[..20]);
        Assert.Equal(infoHash.ToArray(), reply[28..48]);
    }

    [Fact]
    public async Task Forced_rc4_libtorrent_handshakes_with_our_responder()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var ourPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        var ltPort = FreePort.TcpAndUdp();
        using var peer = LibtorrentScript.Start(
            "lt_mse.py",
            ["connect", "--dir", _dir.Path, "--port", ltPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--peer", "127.0.0.1:" + ourPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "60"]);
        var infoHash = InfoHash.FromHex(await peer.WaitForAsync("infohash", Bound));

        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(Bound);
        var result = await MseHandshake.RespondAsync(accepted.GetStream(), MseHandshake.FromInfoHashes(() => [infoHash]), new MseSettings { Mode = EncryptionMode.Required });
        Assert.Equal(CryptoMethod.Rc4, result.Method);
        Assert.Equal(infoHash, result.InfoHash);

        var theirs = await MseHandshakeTests.ReadExactlyAsync(result.Stream, 68);
        Assert.Equal(infoHash.ToArray(), theirs[28..48]);
        await result.Stream.WriteAsync(MseHandshakeTests.PlainHandshake(infoHash));

        // libtorrent accepted our encrypted handshake if it goes on to speak BitTorrent: a length-prefixed message follows.
        var length = await MseHandshakeTests.ReadExactlyAsync(result.Stream, 4);
        var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(length);
        Assert.InRange(size, 0, 1 << 20);
        var body = await MseHandshakeTests.ReadExactlyAsync(result.Stream, size);
        Assert.True(size == 0 || body[0] <= 20, $"unexpected message id {body[0]}; {peer.Output}");
    }

    [Fact]
    public async Task Enabled_initiator_meeting_a_peer_without_mse_fails_cleanly_and_plaintext_works_on_retry()
    {
        using var seed = await LtMseSeed.StartAsync(_dir.Path, Bound, plain: true);
        var (port, infoHash) = (seed.Port, seed.InfoHash);

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Bound);
            var error = await Assert.ThrowsAsync<MseException>(() => MseHandshake.InitiateAsync(client.GetStream(), infoHash, new MseSettings { Mode = EncryptionMode.Enabled }));

            // What the engine's fallback keys on: the remote hung up (or stayed silent) instead of answering Ya.
            Assert.True(error.Error is MseError.ConnectionClosed or MseError.Timeout, error.Error + ": " + error.Message);
        }

        using var retry = new TcpClient();
        await retry.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Bound);
        var plain = await MseHandshake.InitiateAsync(retry.GetStream(), infoHash, new MseSettings { Mode = EncryptionMode.Disabled });
        await plain.Stream.WriteAsync(MseHandshakeTests.PlainHandshake(infoHash));
        var reply = await MseHandshakeTests.ReadExactlyAsync(plain.Stream, 68);
        Assert.Equal(infoHash.ToArray(), reply[28..48]);
    }

    public void Dispose() => _dir.Dispose();
}
