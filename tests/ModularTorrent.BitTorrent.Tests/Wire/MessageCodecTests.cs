using System.Buffers;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Wire;

namespace ModularTorrent.BitTorrent.Tests.Wire;

public sealed class MessageCodecTests
{
    private static readonly WireLimits Limits = new(PieceCount: 20);

    private static ReadOnlySequence<byte> Encode(Action<ArrayBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return new ReadOnlySequence<byte>(writer.WrittenMemory);
    }

    private static WireMessage ReadOne(ReadOnlySequence<byte> buffer)
    {
        Assert.True(MessageReader.TryRead(ref buffer, Limits, out var message));
        Assert.Equal(0, buffer.Length);
        return message;
    }

    [Theory]
    [InlineData(MessageId.Choke)]
    [InlineData(MessageId.Unchoke)]
    [InlineData(MessageId.Interested)]
    [InlineData(MessageId.NotInterested)]
    [InlineData(MessageId.HaveAll)]
    [InlineData(MessageId.HaveNone)]
    public void Simple_messages_round_trip(MessageId id) =>
        Assert.Equal(id, ReadOne(Encode(w => MessageWriter.WriteSimple(w, id))).Id);

    [Theory]
    [InlineData(MessageId.Have)]
    [InlineData(MessageId.Suggest)]
    [InlineData(MessageId.AllowedFast)]
    public void Index_messages_round_trip(MessageId id)
    {
        var message = ReadOne(Encode(w => MessageWriter.WriteIndex(w, id, 19)));
        Assert.Equal(id, message.Id);
        Assert.Equal(19, message.Index);
    }

    [Theory]
    [InlineData(MessageId.Request)]
    [InlineData(MessageId.Cancel)]
    [InlineData(MessageId.Reject)]
    public void Block_messages_round_trip(MessageId id)
    {
        var message = ReadOne(Encode(w => MessageWriter.WriteBlock(w, id, 3, 16384, 16384)));
        Assert.Equal((id, 3, 16384, 16384), (message.Id, message.Index, message.Begin, message.Length));
    }

    [Fact]
    public void Piece_payload_is_a_slice_of_a_multi_segment_buffer()
    {
        var block = Support.TestData.Bytes(16384, 5);
        var bytes = new byte[13 + block.Length];
        MessageWriter.WritePieceHeader(bytes, 7, 32768, block.Length);
        block.CopyTo(bytes, 13);

        // Split into 1000-byte segments, as a pipe might deliver it.
        var sequence = Segments.Split(bytes, 1000);
        Assert.False(sequence.IsSingleSegment);
        Assert.True(MessageReader.TryRead(ref sequence, Limits, out var message));
        Assert.Equal((MessageId.Piece, 7, 32768, 16384), (message.Id, message.Index, message.Begin, message.Length));
        Assert.Equal(block, message.Payload.ToArray());
    }

    [Fact]
    public void Partial_messages_wait_for_more_data()
    {
        var full = Encode(w => MessageWriter.WriteBlock(w, MessageId.Request, 1, 0, 16384)).ToArray();
        for (var cut = 0; cut < full.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(full, 0, cut);
            Assert.False(MessageReader.TryRead(ref partial, Limits, out _));
            Assert.Equal(cut, partial.Length);
        }
    }

    [Fact]
    public void Keep_alive_and_several_messages_in_one_buffer()
    {
        var buffer = Encode(w =>
        {
            MessageWriter.WriteKeepAlive(w);
            MessageWriter.WriteIndex(w, MessageId.Have, 2);
            MessageWriter.WriteBitfield(w, [0xFF, 0xFF, 0xF0]);
            MessageWriter.WriteExtended(w, 0, "d1:md6:ut_pexi1eee"u8);
        });
        var ids = new List<MessageId>();
        while (MessageReader.TryRead(ref buffer, Limits, out var message))
        {
            ids.Add(message.Id);
            if (message.Id == MessageId.Extended)
            {
                var handshake = ExtensionHandshake.Parse(message.Payload);
                Assert.Equal(1, handshake.Extensions["ut_pex"]);
            }
        }

        Assert.Equal([MessageId.KeepAlive, MessageId.Have, MessageId.Bitfield, MessageId.Extended], ids);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 2, 0, 0 }, "Choke message of length 2")]
    [InlineData(new byte[] { 0, 0, 0, 5, 4, 0, 0, 0, 20 }, "Have for piece 20")]
    [InlineData(new byte[] { 0, 0, 0, 5, 4, 0xFF, 0xFF, 0xFF, 0xFF }, "Have for piece -1")]
    [InlineData(new byte[] { 0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 1 }, "out of range")]
    [InlineData(new byte[] { 0, 0, 0, 3, 5, 0xFF, 0xFF }, "Bitfield of 2 bytes, expected 3")]
    [InlineData(new byte[] { 0x10, 0, 0, 0, 7 }, "exceeds the limit")]
    [InlineData(new byte[] { 0, 0, 0, 5, 7, 0, 0, 0, 0 }, "Piece message of length 5")]
    [InlineData(new byte[] { 0, 0, 0, 1, 20 }, "Extended message of length 1")]
    public void Violations_are_reported_with_a_reason(byte[] bytes, string reason)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var ex = Assert.Throws<PeerProtocolException>(() => MessageReader.TryRead(ref buffer, Limits, out _));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_message_ids_are_skipped()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 3, 99, 1, 2, 0, 0, 0, 1, 1 });
        Assert.True(MessageReader.TryRead(ref buffer, Limits, out var unknown));
        Assert.Equal((MessageId)99, unknown.Id);
        Assert.True(MessageReader.TryRead(ref buffer, Limits, out var next));
        Assert.Equal(MessageId.Unchoke, next.Id);
    }

    [Fact]
    public void Handshake_round_trips_with_capability_bits()
    {
        var hash = InfoHash.Compute("x"u8);
        var peerId = "-MT1000-abcdefghijkl"u8.ToArray();
        var bytes = new byte[Handshake.Length];
        new Handshake(hash, peerId, SupportsExtensions: true, SupportsFast: true).WriteTo(bytes);
        Assert.Equal(0x10, bytes[25]);
        Assert.Equal(0x04, bytes[27]);
        var (parsed, ext, fast) = Handshake.ParseHeader(new ReadOnlySequence<byte>(bytes));
        Assert.Equal(hash, parsed);
        Assert.True(ext);
        Assert.True(fast);
        bytes[1] = (byte)'b';
        Assert.Throws<PeerProtocolException>(() => Handshake.ParseHeader(new ReadOnlySequence<byte>(bytes)));
    }

    [Fact]
    public void Extension_handshake_encodes_sorted_and_parses_back()
    {
        var handshake = new ExtensionHandshake
        {
            Extensions = new Dictionary<string, byte> { ["ut_pex"] = 2, ["ut_metadata"] = 1 },
            Client = "ModularTorrent 1.0",
            ListenPort = 6881,
            RequestQueueLength = 500,
            MetadataSize = 1234,
        };
        var bytes = handshake.Encode();
        Assert.StartsWith("d1:md11:ut_metadatai1e6:ut_pexi2ee13:metadata_sizei1234e1:pi6881e4:reqqi500e1:v18:ModularTorrent 1.0e", System.Text.Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        var back = ExtensionHandshake.Parse(new ReadOnlySequence<byte>(bytes));
        Assert.Equal(handshake.Client, back.Client);
        Assert.Equal(6881, back.ListenPort);
        Assert.Equal(500, back.RequestQueueLength);
        Assert.Equal(1234, back.MetadataSize);
        Assert.Equal(2, back.Extensions["ut_pex"]);
        Assert.Throws<PeerProtocolException>(() => ExtensionHandshake.Parse(new ReadOnlySequence<byte>("i1e"u8.ToArray())));
    }
}
