using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace ModularTorrent.Arc.Api;

/// <summary>
/// The JSON body <c>{"rawTx":"hex"}</c> or <c>[{"rawTx":"hex"},...]</c>, hex-encoded straight into a
/// pooled buffer (transactions are hex-encoded on every send: no intermediate strings).
/// </summary>
internal sealed class RawTxBody : HttpContent
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static ReadOnlySpan<byte> Prefix => "{\"rawTx\":\""u8;
    private static ReadOnlySpan<byte> Suffix => "\"}"u8;

    private byte[]? _buffer;
    private readonly int _length;

    private RawTxBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
        Headers.ContentType = JsonType;
    }

    /// <summary>The encoded bytes, for tests and benchmarks.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    public static RawTxBody Single(ReadOnlySpan<byte> payload)
    {
        var length = Prefix.Length + (payload.Length * 2) + Suffix.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var written = WriteOne(payload, buffer);
        return new RawTxBody(buffer, written);
    }

    public static RawTxBody Many(IReadOnlyList<ArcTransaction> transactions)
    {
        var length = 2 + Math.Max(0, transactions.Count - 1);
        for (var i = 0; i < transactions.Count; i++)
        {
            length += Prefix.Length + (transactions[i].Payload.Length * 2) + Suffix.Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var span = buffer.AsSpan();
        var at = 0;
        span[at++] = (byte)'[';
        for (var i = 0; i < transactions.Count; i++)
        {
            if (i > 0)
            {
                span[at++] = (byte)',';
            }

            at += WriteOne(transactions[i].Payload.Span, span[at..]);
        }

        span[at++] = (byte)']';
        return new RawTxBody(buffer, at);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Memory()).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Memory(), cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    private ReadOnlyMemory<byte> Memory() =>
        _buffer is { } buffer ? buffer.AsMemory(0, _length) : throw new ObjectDisposedException(nameof(RawTxBody));

    private static int WriteOne(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        Prefix.CopyTo(destination);
        var at = Prefix.Length;
        if (!Convert.TryToHexStringLower(payload, destination[at..], out var hexLength))
        {
            throw new InvalidOperationException("The body buffer is too small.");
        }

        at += hexLength;
        Suffix.CopyTo(destination[at..]);
        return at + Suffix.Length;
    }
}
