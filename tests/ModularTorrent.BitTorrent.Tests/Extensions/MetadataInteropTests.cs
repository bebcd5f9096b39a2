using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Encryption;
using ModularTorrent.BitTorrent.Extensions;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Encryption;
using ModularTorrent.BitTorrent.Wire;
using ModularTorrent.Interop.Tests;

namespace ModularTorrent.BitTorrent.Tests.Extensions;

/// <summary>BEP 9 against libtorrent, over an RC4 MSE stream (libtorrent has encryption forced), in both directions.</summary>
public sealed class MetadataInteropTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private const byte Extended = 20;
    private readonly TempFolder _dir = new("mt-meta");

    [Fact]
    public async Task We_fetch_the_metadata_from_a_libtorrent_seed()
    {
        using var seed = await LtMseSeed.StartAsync(_dir.Path, Bound);
        var (port, infoHash) = (seed.Port, seed.InfoHash);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Bound);
        var session = await MseHandshake.InitiateAsync(client.GetStream(), infoHash, new MseSettings { Mode = EncryptionMode.Required });
        var stream = session.Stream;
        await stream.WriteAsync(MseHandshakeTests.PlainHandshake(infoHash));
        var theirs = await MseHandshakeTests.ReadExactlyAsync(stream, 68);
        Assert.True((theirs[25] & 0x10) != 0, "libtorrent did not announce BEP 10");
        await SendExtendedAsync(stream, 0, new ExtensionHandshake { Extensions = new Dictionary<string, byte> { [ExtensionNames.UtMetadata] = ExtensionNames.UtMetadataId } }.Encode());

        MetadataAssembler? assembler = null;
        byte remoteId = 0;
        byte[]? info = null;
        var deadline = DateTime.UtcNow + Bound;
        while (info is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "metadata did not arrive in time");
            var (id, payload) = await ReadMessageAsync(stream);
            if (id != Extended)
            {
                continue;
            }

            if (payload[0] == 0)
            {
                var handshake = ExtensionHandshake.Parse(new ReadOnlySequence<byte>(payload.AsMemory(1)));
                remoteId = handshake.Extensions[ExtensionNames.UtMetadata];
                assembler = new MetadataAssembler(infoHash, handshake.MetadataSize!.Value);
                while (assembler.NextRequest(DateTimeOffset.UtcNow) is { } piece)
                {
                    await SendExtendedAsync(stream, remoteId, MetadataCodec.EncodeRequest(piece));
                }
            }
            else if (payload[0] == ExtensionNames.UtMetadataId && assembler is not null)
            {
                var message = MetadataCodec.Parse(payload.AsMemory(1));
                Assert.Equal(MetadataMessageType.Data, message.Type);
                assembler.Add(message, out info);
            }
        }

        Assert.True(assembler!.PieceCount >= 1);
        Assert.Equal(infoHash, InfoHash.Compute(info));
        Assert.Equal(0, assembler.HashFailures);
    }

    [Fact]
    public async Task A_magnet_only_libtorrent_gets_the_metadata_from_us()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var ourPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var peer = LibtorrentScript.Start(
            "lt_mse.py",
            ["magnet", "--dir", _dir.Path, "--port", FreePort.TcpAndUdp().ToString(CultureInfo.InvariantCulture),
            "--peer", "127.0.0.1:" + ourPort.ToString(CultureInfo.InvariantCulture), "--timeout", "60"]);
        var info = Convert.FromHexString(await peer.WaitForAsync("info", Bound));
        var infoHash = InfoHash.Compute(info);

        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(Bound);
        var session = await MseHandshake.RespondAsync(accepted.GetStream(), MseHandshake.FromInfoHashes(() => [infoHash]), new MseSettings { Mode = EncryptionMode.Required });
        var stream = session.Stream;
        var theirs = await MseHandshakeTests.ReadExactlyAsync(stream, 68);
        Assert.Equal(infoHash.ToArray(), theirs[28..48]);
        await stream.WriteAsync(MseHandshakeTests.PlainHandshake(infoHash));
        await SendExtendedAsync(stream, 0, new ExtensionHandshake
        {
            Extensions = new Dictionary<string, byte> { [ExtensionNames.UtMetadata] = ExtensionNames.UtMetadataId },
            MetadataSize = info.Length,
        }.Encode());

        // Answer libtorrent's requests until it reports the metadata (bounded by the driver wait below).
        using var cts = new CancellationTokenSource(Bound);
        var served = 0;
        var serve = Task.Run(async () =>
        {
            byte remoteId = 0;
            while (!cts.IsCancellationRequested)
            {
                var (id, payload) = await ReadMessageAsync(stream, cts.Token);
                if (id != Extended)
                {
                    continue;
                }

                if (payload[0] == 0)
                {
                    remoteId = ExtensionHandshake.Parse(new ReadOnlySequence<byte>(payload.AsMemory(1))).Extensions[ExtensionNames.UtMetadata];
                }
                else if (payload[0] == ExtensionNames.UtMetadataId)
                {
                    var request = MetadataCodec.Parse(payload.AsMemory(1));
                    Assert.Equal(MetadataMessageType.Request, request.Type);
                    Interlocked.Increment(ref served);
                    await SendExtendedAsync(stream, remoteId, MetadataCodec.EncodeData(info, request.Piece), cts.Token);
                }
            }
        });

        await peer.WaitForAsync("metadata", Bound);
        Assert.Equal(MetadataCodec.PieceCount(info.Length), Volatile.Read(ref served));
        await cts.CancelAsync();
        await Task.WhenAny(serve, Task.Delay(5000));
    }

    internal static async Task SendExtendedAsync(Stream stream, byte extendedId, byte[] payload, CancellationToken cancellationToken = default)
    {
        var message = new byte[4 + 2 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, 2 + payload.Length);
        message[4] = Extended;
        message[5] = extendedId;
        payload.CopyTo(message, 6);
        await stream.WriteAsync(message, cancellationToken);
    }

    internal static async Task<(byte Id, byte[] Payload)> ReadMessageAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var header = new byte[4];
            await stream.ReadExactlyAsync(header, cancellationToken).AsTask().WaitAsync(Bound, cancellationToken);
            var length = BinaryPrimitives.ReadInt32BigEndian(header);
            Assert.InRange(length, 0, 1 << 20);
            if (length == 0)
            {
                continue; // keep-alive
            }

            var body = new byte[length];
            await stream.ReadExactlyAsync(body, cancellationToken).AsTask().WaitAsync(Bound, cancellationToken);
            return (body[0], body[1..]);
        }
    }

    public void Dispose() => _dir.Dispose();
}
