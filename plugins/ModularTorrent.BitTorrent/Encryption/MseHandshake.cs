using System.Buffers.Binary;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>
/// The message stream encryption (MSE/PE) handshake on a connected stream, for both the initiator (outgoing
/// connections, which know the torrent) and the responder (incoming ones, which also accept a plain BitTorrent
/// handshake unless encryption is required). Run it before the 68-byte BitTorrent handshake, then speak
/// BitTorrent on <see cref="MseResult.Stream"/>.
/// </summary>
public static class MseHandshake
{
    private const int HashLength = 20;
    private const int KeyLength = MseKeyExchange.KeyLength;
    private const int MaxPad = 512;
    private const int RequiredPlainPrefix = 20;

    // Room for Ya/Yb, the largest padding, the sync hashes and the fixed fields; IA is read separately.
    private const int BufferCapacity = KeyLength + MaxPad + (2 * HashLength) + 16 + MaxPad + 2 + 65536;

    private static ReadOnlySpan<byte> PlainProtocol => "\u0013BitTorrent protocol"u8;

    /// <summary>HASH('req2', info-hash): what a responder compares against; cache it per torrent for fast lookups.</summary>
    public static byte[] Req2Hash(InfoHash infoHash) => Hash("req2"u8, infoHash.AsSpan(), default);

    /// <summary>A resolver that tries every info-hash <paramref name="torrents"/> yields (fine for a few hundred torrents).</summary>
    public static InfoHashResolver FromInfoHashes(Func<IEnumerable<InfoHash>> torrents)
    {
        ArgumentNullException.ThrowIfNull(torrents);
        return (ReadOnlySpan<byte> req2Hash, out InfoHash found) =>
        {
            Span<byte> candidate = stackalloc byte[HashLength];
            foreach (var hash in torrents())
            {
                Hash("req2"u8, hash.AsSpan(), default, candidate);
                if (candidate.SequenceEqual(req2Hash))
                {
                    found = hash;
                    return true;
                }
            }

            found = default;
            return false;
        };
    }

    /// <summary>
    /// Runs the initiator's side on an outgoing connection. In <see cref="EncryptionMode.Disabled"/> it returns at once
    /// with the stream unchanged. Otherwise it offers RC4 (and plaintext in <see cref="EncryptionMode.Enabled"/>).
    /// </summary>
    /// <param name="stream">The connected transport; on failure the caller closes it.</param>
    /// <param name="infoHash">The torrent (SKEY).</param>
    /// <param name="settings">Mode, timeout, padding.</param>
    /// <param name="initialPayload">Optional IA, e.g. the 68-byte BitTorrent handshake to save a round trip (at most 65535 bytes).</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <exception cref="MseException">The handshake failed; <see cref="MseException.Error"/> says why.</exception>
    public static async Task<MseResult> InitiateAsync(
        Stream stream, InfoHash infoHash, MseSettings settings, ReadOnlyMemory<byte> initialPayload = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(settings);
        if (infoHash.IsEmpty)
        {
            throw new ArgumentException("The info-hash is empty.", nameof(infoHash));
        }

        if (initialPayload.Length > ushort.MaxValue)
        {
            throw new ArgumentException("The initial payload is at most 65535 bytes.", nameof(initialPayload));
        }

        if (settings.Mode == EncryptionMode.Disabled)
        {
            return new MseResult(stream, CryptoMethod.Plaintext, infoHash, false);
        }

        return await WithTimeoutAsync(settings, token => InitiateCoreAsync(stream, infoHash, settings, initialPayload, token), cancellationToken);
    }

    /// <summary>
    /// Runs the responder's side on an incoming connection: detects a plain BitTorrent handshake (allowed unless
    /// encryption is required) or runs MSE, finding the torrent with <paramref name="resolver"/>.
    /// </summary>
    /// <param name="stream">The accepted transport; on failure the caller closes it.</param>
    /// <param name="resolver">Maps HASH('req2', info-hash) to a torrent we serve.</param>
    /// <param name="settings">Mode, timeout, padding.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <exception cref="MseException">The handshake failed; <see cref="MseException.Error"/> says why.</exception>
    public static Task<MseResult> RespondAsync(Stream stream, InfoHashResolver resolver, MseSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(settings);
        return WithTimeoutAsync(settings, token => RespondCoreAsync(stream, resolver, settings, token), cancellationToken);
    }

    private static async Task<MseResult> InitiateCoreAsync(Stream stream, InfoHash infoHash, MseSettings settings, ReadOnlyMemory<byte> initialPayload, CancellationToken cancellationToken)
    {
        var provide = settings.Mode == EncryptionMode.Required ? CryptoMethod.Rc4 : CryptoMethod.Rc4 | CryptoMethod.Plaintext;
        var exchange = new MseKeyExchange();
        await stream.WriteAsync(WithPadding(exchange.PublicKey, settings), cancellationToken);

        using var buffer = new HandshakeBuffer(stream, BufferCapacity);
        await buffer.FillAsync(KeyLength, cancellationToken);
        var secret = exchange.SharedSecret(buffer.Take(KeyLength));
        var skey = infoHash.AsSpan();
        var encryptor = CreateCipher("keyA"u8, secret, skey);
        var decryptor = CreateCipher("keyB"u8, secret, skey);

        // HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S), then ENCRYPT(VC, crypto_provide, len(PadC), PadC, len(IA), IA).
        var padC = RandomPadding(settings);
        var message = new byte[HashLength * 2 + 8 + 4 + 2 + padC + 2 + initialPayload.Length];
        Hash("req1"u8, secret, default, message.AsSpan(0, HashLength));
        var req2 = message.AsSpan(HashLength, HashLength);
        Hash("req2"u8, skey, default, req2);
        Span<byte> req3 = stackalloc byte[HashLength];
        Hash("req3"u8, secret, default, req3);
        Xor(req2, req3);
        var encrypted = message.AsSpan(HashLength * 2);
        var offset = 8; // VC: eight zeros, already there.
        BinaryPrimitives.WriteUInt32BigEndian(encrypted[offset..], (uint)provide);
        offset += 4;
        BinaryPrimitives.WriteUInt16BigEndian(encrypted[offset..], (ushort)padC);
        offset += 2;
        RandomNumberGenerator.Fill(encrypted.Slice(offset, padC));
        offset += padC;
        BinaryPrimitives.WriteUInt16BigEndian(encrypted[offset..], (ushort)initialPayload.Length);
        offset += 2;
        initialPayload.Span.CopyTo(encrypted[offset..]);
        encryptor.Transform(encrypted);
        await stream.WriteAsync(message, cancellationToken);

        // The responder's VC is eight zeros under keyB: its cipher text is the first eight key-stream bytes,
        // found after PadB (at most 512 bytes).
        var vcPattern = new byte[8];
        decryptor.Transform(vcPattern);
        if (!await buffer.SynchronizeAsync(vcPattern, MaxPad, cancellationToken))
        {
            throw new MseException(MseError.SynchronizationFailed, "The responder's verification constant was not found within 512 bytes after its public key.");
        }

        await buffer.FillAsync(6, cancellationToken);
        var header = buffer.Take(6);
        decryptor.Transform(header);
        var select = (CryptoMethod)BinaryPrimitives.ReadUInt32BigEndian(header);
        var padD = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
        if (select is not (CryptoMethod.Rc4 or CryptoMethod.Plaintext) || (select & provide) == 0)
        {
            throw new MseException(MseError.BadSelection, $"The responder selected crypto method 0x{(uint)select:x}, but 0x{(uint)provide:x} was offered.");
        }

        if (padD > MaxPad)
        {
            throw new MseException(MseError.BadLength, $"PadD is {padD} bytes; at most {MaxPad} are allowed.");
        }

        await buffer.FillAsync(padD, cancellationToken);
        decryptor.Transform(buffer.Take(padD));
        var leftover = buffer.Leftover.ToArray();
        if (select == CryptoMethod.Plaintext)
        {
            return new MseResult(new MseStream(stream, null, null, leftover), select, infoHash, true);
        }

        decryptor.Transform(leftover);
        return new MseResult(new MseStream(stream, decryptor, encryptor, leftover), select, infoHash, true);
    }

    private static async Task<MseResult> RespondCoreAsync(Stream stream, InfoHashResolver resolver, MseSettings settings, CancellationToken cancellationToken)
    {
        using var buffer = new HandshakeBuffer(stream, BufferCapacity);
        await buffer.FillAsync(RequiredPlainPrefix, cancellationToken);
        if (buffer.Data[..RequiredPlainPrefix].SequenceEqual(PlainProtocol))
        {
            if (settings.Mode == EncryptionMode.Required)
            {
                throw new MseException(MseError.PlaintextRefused, "The remote sent a plain BitTorrent handshake, but encryption is required.");
            }

            return new MseResult(new MseStream(stream, null, null, buffer.Leftover.ToArray()), CryptoMethod.Plaintext, default, false);
        }

        if (settings.Mode == EncryptionMode.Disabled)
        {
            throw new MseException(MseError.EncryptionRefused, "The remote did not send a plain BitTorrent handshake, and encryption is disabled.");
        }

        await buffer.FillAsync(KeyLength, cancellationToken);
        var exchange = new MseKeyExchange();
        var secret = exchange.SharedSecret(buffer.Take(KeyLength));
        await stream.WriteAsync(WithPadding(exchange.PublicKey, settings), cancellationToken);

        var req1 = Hash("req1"u8, secret, default);
        if (!await buffer.SynchronizeAsync(req1, MaxPad, cancellationToken))
        {
            throw new MseException(MseError.SynchronizationFailed, "HASH('req1', S) was not found within 512 bytes after the initiator's public key.");
        }

        await buffer.FillAsync(HashLength, cancellationToken);
        var req2 = buffer.Take(HashLength);
        Span<byte> req3 = stackalloc byte[HashLength];
        Hash("req3"u8, secret, default, req3);
        Xor(req2, req3);
        if (!resolver(req2, out var infoHash) || infoHash.IsEmpty)
        {
            throw new MseException(MseError.UnknownInfoHash, "The initiator asked for a torrent we do not serve.");
        }

        var skey = infoHash.AsSpan();
        var decryptor = CreateCipher("keyA"u8, secret, skey);
        var encryptor = CreateCipher("keyB"u8, secret, skey);

        await buffer.FillAsync(14, cancellationToken);
        var header = buffer.Take(14);
        decryptor.Transform(header);
        if (header[..8].ContainsAnyExcept((byte)0))
        {
            throw new MseException(MseError.BadVerificationConstant, "The initiator's verification constant is not eight zero bytes.");
        }

        var provide = (CryptoMethod)BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
        var padC = BinaryPrimitives.ReadUInt16BigEndian(header[12..]);
        if (padC > MaxPad)
        {
            throw new MseException(MseError.BadLength, $"PadC is {padC} bytes; at most {MaxPad} are allowed.");
        }

        await buffer.FillAsync(padC + 2, cancellationToken);
        var padAndLength = buffer.Take(padC + 2);
        decryptor.Transform(padAndLength);
        var iaLength = BinaryPrimitives.ReadUInt16BigEndian(padAndLength[padC..]);
        await buffer.FillAsync(iaLength, cancellationToken);
        var initialPayload = buffer.Take(iaLength).ToArray();
        decryptor.Transform(initialPayload);

        var acceptable = settings.Mode == EncryptionMode.Required ? CryptoMethod.Rc4 : CryptoMethod.Rc4 | CryptoMethod.Plaintext;
        var common = provide & acceptable;
        var select = (common & CryptoMethod.Rc4) != 0 ? CryptoMethod.Rc4 : common;
        if (select == CryptoMethod.None)
        {
            throw new MseException(MseError.NoCommonMethod, $"The initiator offered crypto methods 0x{(uint)provide:x}; we accept 0x{(uint)acceptable:x}.");
        }

        // ENCRYPT(VC, crypto_select, len(PadD), PadD).
        var padD = RandomPadding(settings);
        var reply = new byte[8 + 4 + 2 + padD];
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(8), (uint)select);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(12), (ushort)padD);
        RandomNumberGenerator.Fill(reply.AsSpan(14));
        encryptor.Transform(reply);
        await stream.WriteAsync(reply, cancellationToken);

        var leftover = buffer.Leftover.ToArray();
        if (select == CryptoMethod.Rc4)
        {
            decryptor.Transform(leftover);
        }

        var prefix = new byte[initialPayload.Length + leftover.Length];
        initialPayload.CopyTo(prefix, 0);
        leftover.CopyTo(prefix, initialPayload.Length);
        return select == CryptoMethod.Rc4
            ? new MseResult(new MseStream(stream, decryptor, encryptor, prefix), select, infoHash, true)
            : new MseResult(new MseStream(stream, null, null, prefix), select, infoHash, true);
    }

    private static async Task<MseResult> WithTimeoutAsync(MseSettings settings, Func<CancellationToken, Task<MseResult>> run, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(settings.HandshakeTimeout, settings.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await run(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new MseException(MseError.Timeout, $"The MSE handshake did not finish within {settings.HandshakeTimeout.TotalSeconds:0.#} s.");
        }
        catch (IOException ex)
        {
            throw new MseException(MseError.ConnectionClosed, $"The connection failed during the MSE handshake: {ex.Message}", ex);
        }
    }

    private static Rc4 CreateCipher(ReadOnlySpan<byte> label, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> skey)
    {
        Span<byte> key = stackalloc byte[HashLength];
        Hash(label, secret, skey, key);
        var cipher = new Rc4(key);
        cipher.Discard(1024);
        return cipher;
    }

    private static byte[] Hash(ReadOnlySpan<byte> label, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var hash = new byte[HashLength];
        Hash(label, first, second, hash);
        return hash;
    }

    private static void Hash(ReadOnlySpan<byte> label, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[label.Length + first.Length + second.Length];
        label.CopyTo(input);
        first.CopyTo(input[label.Length..]);
        second.CopyTo(input[(label.Length + first.Length)..]);
        SHA1.HashData(input, destination);
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= other[i];
        }
    }

    private static int RandomPadding(MseSettings settings) =>
        settings.MaxPadding <= 0 ? 0 : Random.Shared.Next(Math.Min(settings.MaxPadding, MaxPad) + 1);

    private static byte[] WithPadding(byte[] publicKey, MseSettings settings)
    {
        var pad = RandomPadding(settings);
        var message = new byte[publicKey.Length + pad];
        publicKey.CopyTo(message, 0);
        RandomNumberGenerator.Fill(message.AsSpan(publicKey.Length));
        return message;
    }
}
