using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Storage;

namespace ModularTorrent.BitTorrent.Tests.Storage;

public sealed class FileMapTests
{
    private static readonly TorrentFileEntry[] Files =
    [
        new(0, "a", 10, 0),
        new(1, "empty", 0, 10),
        new(2, "b", 5, 10),
        new(3, "c", 20, 15),
    ];

    [Fact]
    public void A_range_crossing_files_is_split_and_skips_empty_files()
    {
        var map = new FileMap(Files);
        Assert.Equal(35, map.TotalLength);
        var slices = map.Map(8, 10);
        Assert.Equal(
            [new FileSlice(0, 8, 2, 0), new FileSlice(2, 0, 5, 2), new FileSlice(3, 0, 3, 7)],
            slices);
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(9L, 0)]
    [InlineData(10L, 2)]
    [InlineData(14L, 2)]
    [InlineData(15L, 3)]
    [InlineData(34L, 3)]
    public void Find_file_by_offset(long offset, int file) => Assert.Equal(file, new FileMap(Files).FindFile(offset));

    [Fact]
    public void Ranges_outside_the_torrent_are_refused()
    {
        var map = new FileMap(Files);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Map(30, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.FindFile(35));
    }

    [Fact]
    public void Pieces_of_a_file()
    {
        var map = new FileMap(Files);
        Assert.Equal((0, 1), map.PiecesOfFile(0, 8));
        Assert.Equal((0, -1), map.PiecesOfFile(1, 8));
        Assert.Equal((1, 1), map.PiecesOfFile(2, 8));
        Assert.Equal((1, 4), map.PiecesOfFile(3, 8));
    }

    [Fact]
    public void Small_destination_span_reports_overflow()
    {
        Span<FileSlice> one = stackalloc FileSlice[1];
        Assert.Equal(-1, new FileMap(Files).Map(8, 10, one));
    }
}
