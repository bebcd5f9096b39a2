using System.Net;
using System.Text;
using ModularTorrent.BitTorrent.Bencoding;
using ModularTorrent.BitTorrent.Extensions;

namespace ModularTorrent.BitTorrent.Tests.Extensions;

public sealed class PexTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IPEndPoint Ep(string text) => IPEndPoint.Parse(text);

    [Fact]
    public void Round_trips_ipv4_and_ipv6_with_flags_in_sorted_key_order()
    {
        var message = new PexMessage(
            [new PexPeer(Ep("1.2.3.4:6881"), PexFlags.Seed | PexFlags.Reachable), new PexPeer(Ep("[2001:db8::1]:51413"), PexFlags.PrefersEncryption)],
            [new PexPeer(Ep("5.6.7.8:80")), new PexPeer(Ep("[2001:db8::2]:443"))]);
        var bytes = PexCodec.Encode(message);
        BencodeDocument.ParseDictionary(bytes, new BencodeLimits { RequireSortedKeys = true });
        Assert.StartsWith("d5:added6:\u0001\u0002\u0003\u0004\u001a\u00e17:added.f1:\u0012", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);

        var parsed = PexCodec.Parse(bytes);
        Assert.Equal(message.Added, parsed.Added);
        Assert.Equal(message.Dropped, parsed.Dropped);
    }

    [Fact]
    public void Parses_a_message_without_flags_and_ignores_mismatched_flags()
    {
        var parsed = PexCodec.Parse(Encoding.Latin1.GetBytes("d5:added6:\u0001\u0002\u0003\u0004\u001a\u00e17:added.f2:\u0001\u0001e"));
        Assert.Equal([new PexPeer(Ep("1.2.3.4:6881"))], parsed.Added);
        Assert.Empty(parsed.Dropped);
        Assert.Empty(PexCodec.Parse("de"u8.ToArray()).Added);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("le")]
    [InlineData("d5:added5:abcdee")]
    [InlineData("d7:dropped7:abcdefge")]
    public void Malformed_messages_are_rejected(string text)
    {
        Assert.Throws<ExtensionProtocolException>(() => PexCodec.Parse(Encoding.Latin1.GetBytes(text)));
    }

    [Fact]
    public void Oversized_lists_are_rejected_both_ways()
    {
        var many = Enumerable.Range(0, PexCodec.MaxPeersPerList + 1).Select(i => new PexPeer(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000 + i))).ToList();
        Assert.Throws<ArgumentException>(() => PexCodec.Encode(new PexMessage(many, [])));
        var payload = Encoding.Latin1.GetBytes("d5:added" + (many.Count * 6) + ":" + new string('\u0001', many.Count * 6) + "e");
        Assert.Throws<ExtensionProtocolException>(() => PexCodec.Parse(payload));
    }

    [Fact]
    public void State_sends_differences_at_most_once_per_minute()
    {
        var state = new PexState();
        var a = new PexPeer(Ep("10.0.0.1:1"));
        var b = new PexPeer(Ep("10.0.0.2:2"), PexFlags.Seed);
        var c = new PexPeer(Ep("10.0.0.3:3"));
        var recipient = Ep("10.0.0.9:9");

        var first = state.CreateMessage([a, b, new PexPeer(recipient)], recipient, Now);
        Assert.NotNull(first);
        Assert.Equal([a, b], first.Added);
        Assert.Empty(first.Dropped);

        Assert.Null(state.CreateMessage([a, c], recipient, Now.AddSeconds(30))); // too soon
        var second = state.CreateMessage([a, c], recipient, Now.AddSeconds(61));
        Assert.NotNull(second);
        Assert.Equal([c], second.Added);
        Assert.Equal([new PexPeer(b.EndPoint)], second.Dropped);

        Assert.Null(state.CreateMessage([a, c], recipient, Now.AddMinutes(5))); // nothing changed
    }

    [Fact]
    public void State_caps_each_message_and_sends_the_rest_later()
    {
        var state = new PexState(maxPerList: 50);
        var peers = Enumerable.Range(0, 120).Select(i => new PexPeer(new IPEndPoint(IPAddress.Parse("10.1.0.1"), 2000 + i))).ToList();
        Assert.Equal(50, state.CreateMessage(peers, null, Now)!.Added.Count);
        Assert.Equal(50, state.CreateMessage(peers, null, Now.AddMinutes(1))!.Added.Count);
        Assert.Equal(20, state.CreateMessage(peers, null, Now.AddMinutes(2))!.Added.Count);
    }

    [Fact]
    public void Incoming_messages_faster_than_once_a_minute_are_flagged()
    {
        var state = new PexState();
        Assert.True(state.AcceptIncoming(Now));
        Assert.False(state.AcceptIncoming(Now.AddSeconds(10)));
        Assert.True(state.AcceptIncoming(Now.AddSeconds(60)));
    }
}
