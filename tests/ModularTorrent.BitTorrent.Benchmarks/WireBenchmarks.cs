using System.Buffers;
using BenchmarkDotNet.Attributes;
using ModularTorrent.BitTorrent.Wire;

namespace ModularTorrent.BitTorrent.Benchmarks;

/// <summary>Decoding piece messages from a pipe-like buffer: the codec step of the block data path.</summary>
[MemoryDiagnoser]
public class WireBenchmarks
{
    private const int Messages = 256;
    private ReadOnlySequence<byte> _buffer;

    [GlobalSetup]
    public void Setup()
    {
        var writer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < Messages; i++)
        {
            var span = writer.GetSpan(13 + 16384);
            MessageWriter.WritePieceHeader(span, i, 0, 16384);
            writer.Advance(13 + 16384);
            MessageWriter.WriteIndex(writer, MessageId.Have, i);
        }

        _buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
    }

    /// <summary>256 blocks (4 MiB) plus 256 have messages per operation.</summary>
    [Benchmark]
    public long DecodeBlocks()
    {
        var buffer = _buffer;
        var limits = new WireLimits(1_000_000);
        long bytes = 0;
        while (MessageReader.TryRead(ref buffer, limits, out var message))
        {
            bytes += message.Length;
        }

        return bytes;
    }
}
