using FsCheck;
using FsCheck.Fluent;
using ModularTorrent.BitTorrent.Extensions;
using ModularTorrent.BitTorrent.Lsd;

namespace ModularTorrent.BitTorrent.Tests.Extensions;

public sealed class ExtensionHostileInputTests
{
    [Fact]
    public void Random_bytes_only_raise_the_documented_exceptions()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            bytes ??= [];
            try
            {
                MetadataCodec.Parse(bytes);
            }
            catch (ExtensionProtocolException)
            {
            }

            try
            {
                PexCodec.Parse(bytes);
            }
            catch (ExtensionProtocolException)
            {
            }

            try
            {
                LsdCodec.Parse(bytes);
            }
            catch (FormatException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Mutated_valid_messages_only_raise_the_documented_exceptions()
    {
        var random = new Random(3);
        var info = new byte[40000];
        byte[][] metadata = [MetadataCodec.EncodeRequest(1), MetadataCodec.EncodeReject(2), MetadataCodec.EncodeData(info, 2)];
        var pex = PexCodec.Encode(new PexMessage(
            [new PexPeer(System.Net.IPEndPoint.Parse("1.2.3.4:5"), PexFlags.Seed), new PexPeer(System.Net.IPEndPoint.Parse("[::1]:6"))],
            [new PexPeer(System.Net.IPEndPoint.Parse("5.6.7.8:9"))]));
        for (var i = 0; i < 3000; i++)
        {
            try
            {
                MetadataCodec.Parse(Dht.KrpcHostileInputTests.Mutate(metadata[i % 3], random));
            }
            catch (ExtensionProtocolException)
            {
            }

            try
            {
                PexCodec.Parse(Dht.KrpcHostileInputTests.Mutate(pex, random));
            }
            catch (ExtensionProtocolException)
            {
            }
        }
    }
}
