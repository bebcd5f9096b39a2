using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Encryption;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Encryption;

public sealed class MseHandshakeTests
{
    private static readonly InfoHash Torrent = new(SHA1.HashData("mse torrent"u8));
    private static readonly InfoHash Other = new(SHA1.HashData("another torrent"u8));
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static MseSettings Settings(EncryptionMode mode) => new() { Mode = mode, HandshakeTimeout = TimeSpan.FromSeconds(5) };

    private static InfoHashResolver Known => MseHandshake.FromInfoHashes(() => [Other, Torrent]);

    [Theory]
    [InlineData(EncryptionMode.Enabled, EncryptionMode.Enabled, CryptoMethod.Rc4, true)]
    [InlineData(EncryptionMode.Enabled, EncryptionMode.Required, CryptoMethod.Rc4, true)]
    [InlineData(EncryptionMode.Required, EncryptionMode.Enabled, CryptoMethod.Rc4, true)]
    [InlineData(EncryptionMode.Required, EncryptionMode.Required, CryptoMethod.Rc4, true)]
    [InlineData(EncryptionMode.Disabled, EncryptionMode.Enabled, CryptoMethod.Plaintext, false)]
    [InlineData(EncryptionMode.Disabled, EncryptionMode.Disabled, CryptoMethod.Plaintext, false)]
    public async Task Initiator_and_responder_agree_and_exchange_data(EncryptionMode initiator, EncryptionMode responder, CryptoMethod expected, bool encrypted)
    {
        using var pair = await LoopbackPair.CreateAsync();
        var handshake = PlainHandshake(Torrent);
        var respond = MseHandshake.RespondAsync(pair.ServerStream, Known, Settings(responder));
        var outgoing = await MseHandshake.InitiateAsync(pair.ClientStream, Torrent, Settings(initiator)).WaitAsync(Bound);
        // A disabled initiator speaks plain BitTorrent straight away; the responder must detect it.
        await outgoing.Stream.WriteAsync(handshake);

        var incoming = await respond.WaitAsync(Bound);
        Assert.Equal(expected, outgoing.Method);
        Assert.Equal(expected, incoming.Method);
        Assert.Equal(encrypted, incoming.Encrypted);
        Assert.Equal(encrypted ? Torrent : default, incoming.InfoHash);

        var received = await ReadExactlyAsync(incoming.Stream, handshake.Length);
        Assert.Equal(handshake, received);
        await AssertBothWaysAsync(outgoing.Stream, incoming.Stream);
    }

    [Fact]
    public async Task Initial_payload_reaches_the_responder_before_later_data()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var handshake = PlainHandshake(Torrent);
        var respond = MseHandshake.RespondAsync(pair.ServerStream, Known, Settings(EncryptionMode.Required));
        var outgoing = await MseHandshake.InitiateAsync(pair.ClientStream, Torrent, Settings(EncryptionMode.Required), handshake).WaitAsync(Bound);
        await outgoing.Stream.WriteAsync("after"u8.ToArray());
        var incoming = await respond.WaitAsync(Bound);
        var received = await ReadExactlyAsync(incoming.Stream, handshake.Length + 5);
        Assert.Equal([.. handshake, .. "after"u8.ToArray()], received);
    }

    [Fact]
    public async Task Encrypted_bytes_on_the_wire_differ_from_the_plain_ones()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var respond = MseHandshake.RespondAsync(pair.ServerStream, Known, Settings(EncryptionMode.Required));
        var outgoing = await MseHandshake.InitiateAsync(pair.ClientStream, Torrent, Settings(EncryptionMode.Required)).WaitAsync(Bound);
        var incoming = await respond.WaitAsync(Bound);
        var plain = new byte[4096];
        await outgoing.Stream.WriteAsync(plain);

        // Read the raw socket under the responder's wrapper: RC4 output of zeros is not zeros.
        var raw = await ReadExactlyAsync(((MseStream)incoming.Stream).InnerStream, plain.Length);
        Assert.NotEqual(plain, raw);
    }

    [Fact]
    public async Task Required_responder_refuses_a_plain_handshake()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var respond = MseHandshake.RespondAsync(pair.ServerStream, Known, Settings(EncryptionMode.Required));
        var outgoing = await MseHandshake.InitiateAsync(pair.ClientStream, Torrent, Settings(EncryptionMode.Disabled));
        await outgoing.Stream.WriteAsync(PlainHandshake(Torrent));
        var error = await Assert.ThrowsAsync<MseException>(() => respond.WaitAsync(Bound));
        Assert.Equal(MseError.PlaintextRefused, error.Error);
    }

    [Fact]
    public async Task Disabled_responder_refuses_an_mse_initiator_which_then_fails_cleanly()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var respond = MseHandshake.RespondAsync(pair.ServerStream, Known, Settings(EncryptionMode.Disabled));
        var initiate = MseHandshake.InitiateAsync(pair.ClientStream, Torrent, Settings(EncryptionMode.Required));
        var refused = await Assert.ThrowsAsync<MseException>(() => respond.WaitAsync(Bound));
        Assert.Equal(MseError.EncryptionRefused, refused.Error);

        // The engine closes a refused connection; the initiator then learns the remote hung up.
        pair.Server.Dispose();
        var closed = await Assert.ThrowsAsync<MseException>(() => initiate.WaitAsync(Bound));
        Assert.Equal(MseError.ConnectionClosed, closed.Error);
    }

    [Fact]
    public async Task Unknown_torrent_is_reported()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var respond = MseHandshake.RespondAsync(pair.ServerStream, MseHandshake.FromInfoHashes(() => [Other]), Settings(EncryptionMode.Enabled));
        _ = MseHandshake.InitiateAsync(pair.ClientStream, Torrent, Settings(EncryptionMode.Enabled));
        var error = await Assert.ThrowsAsync<MseException>(() => respond.WaitAsync(Bound));
        Assert.Equal(MseError.UnknownInfoHash, error.Error);
    }

    [Fact]
    public async Task Garbage_after_a_public_key_fails_synchronisation()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var respond = MseHandshake.RespondAsync(pair.ServerStream, Known, Settings(EncryptionMode.Enabled));

        // A plausible public key (2) followed by 700 bytes of noise: req1 never appears.
        var garbage = new byte[96 + 700];
        garbage[95] = 2;
        RandomNumberGenerator.Fill(garbage.AsSpan(96));
        await pair.ClientStream.WriteAsync(garbage);
        var error = await Assert.ThrowsAsync<MseException>(() => respond.WaitAsync(Bound));
        Assert.Equal(MseError.SynchronizationFailed, error.Error);
    }

    [Fact]
    public async Task Degenerate_public_key_is_rejected()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var respond = MseHandshake.RespondAsync(pair.ServerStream, Known, Settings(EncryptionMode.Enabled));
        var key = new byte[96];
        key[95] = 1;
        await pair.ClientStream.WriteAsync(key);
        var error = await Assert.ThrowsAsync<MseException>(() => respond.WaitAsync(Bound));
        Assert.Equal(MseError.BadPublicKey, error.Error);
    }

    [Fact]
    public async Task Truncated_handshake_reports_the_closed_connection()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var respond = MseHandshake.RespondAsync(pair.ServerStream, Known, Settings(EncryptionMode.Enabled));
        await pair.ClientStream.WriteAsync(new byte[50]);
        pair.Client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var error = await Assert.ThrowsAsync<MseException>(() => respond.WaitAsync(Bound));
        Assert.Equal(MseError.ConnectionClosed, error.Error);
        Assert.Contains("50 of 96", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silent_remote_times_out_within_the_configured_bound()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var settings = Settings(EncryptionMode.Enabled) with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<MseException>(() => MseHandshake.InitiateAsync(pair.ClientStream, Torrent, settings).WaitAsync(Bound));
        Assert.Equal(MseError.Timeout, error.Error);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Hostile_responder_selecting_an_unoffered_method_is_rejected()
    {
        // A responder that completes the key exchange correctly but answers crypto_select = 0x04.
        using var pair = await LoopbackPair.CreateAsync();
        var initiate = MseHandshake.InitiateAsync(pair.ClientStream, Torrent, Settings(EncryptionMode.Enabled));
        var respond = MseHandshake.RespondAsync(new SelectRewritingStream(pair.ServerStream), Known, Settings(EncryptionMode.Enabled));
        await respond.WaitAsync(Bound);
        var error = await Assert.ThrowsAsync<MseException>(() => initiate.WaitAsync(Bound));
        Assert.Equal(MseError.BadSelection, error.Error);
    }

    internal static byte[] PlainHandshake(InfoHash infoHash, byte[]? peerId = null)
    {
        var bytes = new byte[68];
        new BitTorrent.Wire.Handshake(infoHash, peerId ?? "-MT0001-abcdefghijkl"u8.ToArray(), true, true).WriteTo(bytes);
        return bytes;
    }

    internal static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Bound);
        return buffer;
    }

    private static async Task AssertBothWaysAsync(Stream a, Stream b)
    {
        var one = RandomNumberGenerator.GetBytes(100_000);
        var two = RandomNumberGenerator.GetBytes(70_000);
        var write = a.WriteAsync(one).AsTask();
        Assert.Equal(one, await ReadExactlyAsync(b, one.Length));
        await write;
        await b.WriteAsync(two);
        Assert.Equal(two, await ReadExactlyAsync(a, two.Length));
    }

    /// <summary>Flips the crypto_select field's bits in the responder's 4th write (its VC/select reply) to make it invalid.</summary>
    private sealed class SelectRewritingStream(Stream inner) : DelegatingStream(inner)
    {
        private int _writes;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var copy = buffer.ToArray();
            if (++_writes == 2 && copy.Length >= 12)
            {
                copy[11] ^= 0x06; // Rc4 (0x02) becomes 0x04; Plaintext (0x01) becomes 0x07.
            }

            await Inner.WriteAsync(copy, cancellationToken);
        }
    }
}
