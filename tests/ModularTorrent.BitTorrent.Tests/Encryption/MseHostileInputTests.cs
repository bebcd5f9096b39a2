using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Encryption;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Encryption;

public sealed class MseHostileInputTests
{
    private static readonly InfoHash Torrent = new(SHA1.HashData("hostile"u8));

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    [InlineData(96)]
    [InlineData(200)]
    [InlineData(700)]
    [InlineData(4000)]
    public async Task Random_bytes_of_any_length_end_in_an_mse_error(int length)
    {
        for (var round = 0; round < 5; round++)
        {
            using var pair = await LoopbackPair.CreateAsync();
            var respond = MseHandshake.RespondAsync(pair.ServerStream, MseHandshake.FromInfoHashes(() => [Torrent]), new MseSettings { HandshakeTimeout = TimeSpan.FromSeconds(3) });
            await pair.ClientStream.WriteAsync(RandomNumberGenerator.GetBytes(length));
            pair.Client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            var error = await Assert.ThrowsAsync<MseException>(() => respond.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(
                error.Error is MseError.ConnectionClosed or MseError.SynchronizationFailed or MseError.BadPublicKey,
                $"{length} random bytes gave {error.Error}: {error.Message}");
        }
    }

    [Fact]
    public async Task Random_bytes_from_a_responder_end_in_an_mse_error()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var initiate = MseHandshake.InitiateAsync(pair.ClientStream, Torrent, new MseSettings { HandshakeTimeout = TimeSpan.FromSeconds(3) });
        await pair.ServerStream.WriteAsync(RandomNumberGenerator.GetBytes(96 + 700));
        var error = await Assert.ThrowsAsync<MseException>(() => initiate.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(error.Error is MseError.SynchronizationFailed or MseError.BadPublicKey, error.Message);
    }
}
