using System.Buffers;
using ModularTorrent.BitTorrent.Wire;

namespace ModularTorrent.BitTorrent.Tests.Wire;

public sealed class MetadataMessageTests
{
    [Fact]
    public void Data_message_carries_its_payload_after_the_dictionary()
    {
        var bytes = new MetadataMessage(MetadataMessage.Data, 1, 20000).Encode("abc"u8);
        Assert.Equal("d8:msg_typei1e5:piecei1e10:total_sizei20000eeabc", System.Text.Encoding.ASCII.GetString(bytes));
        var parsed = MetadataMessage.Parse(new ReadOnlySequence<byte>(bytes), out var offset);
        Assert.Equal(new MetadataMessage(MetadataMessage.Data, 1, 20000), parsed);
        Assert.Equal("abc", System.Text.Encoding.ASCII.GetString(bytes, offset, bytes.Length - offset));
    }

    [Theory]
    [InlineData("d8:msg_typei7e5:piecei0ee")]
    [InlineData("d8:msg_typei0e5:piecei-1ee")]
    [InlineData("d8:msg_typei0ee")]
    [InlineData("li0ee")]
    [InlineData("d8:msg_typei0e")]
    public void Invalid_messages_are_protocol_violations(string text) =>
        Assert.Throws<PeerProtocolException>(() => MetadataMessage.Parse(new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(text)), out _));
}
