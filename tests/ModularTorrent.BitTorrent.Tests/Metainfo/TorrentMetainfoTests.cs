using System.Security.Cryptography;
using System.Text;
using ModularTorrent.BitTorrent.Bencoding;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;

namespace ModularTorrent.BitTorrent.Tests.Metainfo;

public sealed class TorrentMetainfoTests
{
    [Fact]
    public async Task Created_multi_file_torrent_parses_back_with_offsets_and_tiers()
    {
        using var dir = new TempFolder("mt-bt");
        dir.WriteFile("share/a.bin", TestData.Bytes(20_000, 1));
        dir.WriteFile("share/sub/b.bin", TestData.Bytes(30_000, 2));
        dir.WriteFile("share/c.bin", TestData.Bytes(1, 3));
        var bytes = await TorrentCreator.CreateAsync(dir.Combine("share"), new TorrentCreateOptions
        {
            Trackers = [["http://127.0.0.1:1/announce"], ["udp://127.0.0.1:2", "http://127.0.0.1:3/a"]],
            WebSeeds = ["http://127.0.0.1:4/files/"],
            Private = true,
            Comment = "hello",
        });

        var meta = TorrentMetainfo.Parse(bytes);
        Assert.Equal("share", meta.Name);
        Assert.True(meta.IsMultiFile);
        Assert.True(meta.IsPrivate);
        Assert.Equal(16384, meta.PieceLength);
        Assert.Equal(50_001, meta.TotalLength);
        Assert.Equal(4, meta.PieceCount);
        Assert.Equal(["a.bin", "c.bin", "sub/b.bin"], meta.Files.Select(f => f.Path));
        Assert.Equal([0L, 20_000L, 20_001L], meta.Files.Select(f => f.Offset));
        Assert.Equal(2, meta.AnnounceTiers.Count);
        Assert.Equal(["udp://127.0.0.1:2", "http://127.0.0.1:3/a"], meta.AnnounceTiers[1]);
        Assert.Equal(["http://127.0.0.1:4/files/"], meta.WebSeeds);
        Assert.Equal("hello", meta.Comment);
        Assert.Equal(50_001 - 3 * 16384, meta.GetPieceLength(3));

        // Piece 1 spans a.bin and c.bin and sub/b.bin: its hash must cover the concatenation.
        var all = TestData.Bytes(20_000, 1).Concat(TestData.Bytes(1, 3)).Concat(TestData.Bytes(30_000, 2)).ToArray();
        Assert.True(SHA1.HashData(all.AsSpan(16384, 16384)).AsSpan().SequenceEqual(meta.GetPieceHash(1)));
    }

    [Fact]
    public void Info_hash_is_over_raw_bytes_even_when_keys_are_unsorted()
    {
        var info = "d6:lengthi5e4:name1:x12:piece lengthi16384e6:pieces20:AAAAAAAAAAAAAAAAAAAAe"u8.ToArray();
        // Deliberately unsorted (name before length): a re-encode would change the hash.
        var unsorted = "d4:name1:x6:lengthi5e12:piece lengthi16384e6:pieces20:AAAAAAAAAAAAAAAAAAAAe"u8.ToArray();
        var torrent = Encoding.ASCII.GetBytes("d4:info").Concat(unsorted).Append((byte)'e').ToArray();
        var meta = TorrentMetainfo.Parse(torrent);
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(unsorted)), meta.InfoHash.ToHex());
        Assert.NotEqual(Convert.ToHexStringLower(SHA1.HashData(info)), meta.InfoHash.ToHex());
    }

    [Fact]
    public void Lone_announce_becomes_one_tier()
    {
        var torrent = "d8:announce22:http://127.0.0.1:1/ann4:infod6:lengthi5e4:name1:x12:piece lengthi16384e6:pieces20:AAAAAAAAAAAAAAAAAAAAee"u8.ToArray();
        var meta = TorrentMetainfo.Parse(torrent);
        Assert.Single(meta.AnnounceTiers);
        Assert.Equal("http://127.0.0.1:1/ann", meta.AnnounceTiers[0][0]);
        Assert.False(meta.IsMultiFile);
        Assert.Equal("x", meta.Files[0].Path);
    }

    [Theory]
    [InlineData("d4:infod6:lengthi5e4:name1:x12:piece lengthi16384e6:pieces19:AAAAAAAAAAAAAAAAAAAee", "multiple of 20")]
    [InlineData("d4:infod6:lengthi99999e4:name1:x12:piece lengthi16384e6:pieces20:AAAAAAAAAAAAAAAAAAAAee", "expected 7")]
    [InlineData("d4:infod4:name1:x12:piece lengthi16384e6:pieces20:AAAAAAAAAAAAAAAAAAAAee", "neither 'length' nor 'files'")]
    [InlineData("d4:infod6:lengthi5e4:name2:..12:piece lengthi16384e6:pieces20:AAAAAAAAAAAAAAAAAAAAee", "'..'")]
    [InlineData("d4:infod5:filesld6:lengthi5e4:pathl2:..6:escapeeee4:name1:x12:piece lengthi16384e6:pieces20:AAAAAAAAAAAAAAAAAAAAee", "'..'")]
    [InlineData("d4:infod5:filesld6:lengthi5e4:pathl4:/etc6:passwdeee4:name1:x12:piece lengthi16384e6:pieces20:AAAAAAAAAAAAAAAAAAAAee", "separator")]
    [InlineData("d4:infod6:lengthi5e4:name1:x12:piece lengthi0e6:pieces20:AAAAAAAAAAAAAAAAAAAAee", "Piece length")]
    [InlineData("d3:foo3:bare", "no 'info'")]
    public void Invalid_metainfo_gives_a_precise_error(string torrent, string message)
    {
        var ex = Assert.Throws<MetainfoException>(() => TorrentMetainfo.Parse(Encoding.ASCII.GetBytes(torrent)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bencode_errors_surface_as_bencode_exceptions()
    {
        var ex = Assert.Throws<BencodeException>(() => TorrentMetainfo.Parse("d4:infoi01ee"u8.ToArray()));
        Assert.Equal(8, ex.Offset);
    }

    [Theory]
    [InlineData(0L, 16 * 1024)]
    [InlineData(10L * 1024 * 1024, 16 * 1024)]
    [InlineData(1L << 30, 1024 * 1024)]
    [InlineData(100L << 30, 16 * 1024 * 1024)]
    public void Piece_length_is_a_power_of_two_between_16k_and_16m(long total, int expected) =>
        Assert.Equal(expected, TorrentCreator.ChoosePieceLength(total));

    [Fact]
    public void From_info_dictionary_rebuilds_a_torrent_with_the_same_hash()
    {
        var info = "d6:lengthi5e4:name1:x12:piece lengthi16384e6:pieces20:AAAAAAAAAAAAAAAAAAAAe"u8.ToArray();
        var meta = TorrentMetainfo.FromInfoDictionary(info, [["http://127.0.0.1:9/a"]]);
        var again = TorrentMetainfo.Parse(meta.RawTorrent);
        Assert.Equal(meta.InfoHash, again.InfoHash);
        Assert.Equal("http://127.0.0.1:9/a", again.AnnounceTiers[0][0]);
    }
}
