using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Storage;
using ModularTorrent.BitTorrent.Tests.Support;

namespace ModularTorrent.BitTorrent.Tests.Storage;

public sealed class TorrentStorageTests
{
    private static async Task<TorrentMetainfo> MakeAsync(TempFolder dir)
    {
        dir.WriteFile("src/share/one.bin", TestData.Bytes(20_000, 1));
        dir.WriteFile("src/share/two/two.bin", TestData.Bytes(13_000, 2));
        return TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(dir.Combine("src", "share"), new TorrentCreateOptions { PieceLength = 16384 }));
    }

    [Fact]
    public async Task Writes_across_a_file_boundary_land_in_both_files_and_read_back()
    {
        using var dir = new TempFolder("mt-bt");
        var meta = await MakeAsync(dir);
        using var storage = new TorrentStorage(meta, dir.Combine("dst"));
        var all = TestData.Bytes(20_000, 1).Concat(TestData.Bytes(13_000, 2)).ToArray();

        // Piece 1 (16384..32767) spans one.bin and two.bin.
        storage.Write(16384, all.AsSpan(16384, 16384));
        var back = new byte[16384];
        Assert.True(storage.TryRead(16384, back));
        Assert.Equal(all.AsSpan(16384, 16384).ToArray(), back);
        Assert.Equal(20_000, new FileInfo(dir.Combine("dst", "share", "one.bin")).Length);
        Assert.Equal(13_000, new FileInfo(dir.Combine("dst", "share", "two", "two.bin")).Length);
    }

    [Fact]
    public async Task Reading_missing_data_returns_false()
    {
        using var dir = new TempFolder("mt-bt");
        var meta = await MakeAsync(dir);
        using var storage = new TorrentStorage(meta, dir.Combine("nothing-here"));
        Assert.False(storage.TryRead(0, new byte[100]));
    }

    [Fact]
    public async Task File_states_report_length_and_time_and_delete_removes_files()
    {
        using var dir = new TempFolder("mt-bt");
        var meta = await MakeAsync(dir);
        using var storage = new TorrentStorage(meta, dir.Combine("dst"));
        storage.Write(0, new byte[10]);
        storage.CloseHandles();
        var states = storage.GetFileStates([10, 0]);
        Assert.Equal(20_000, states[0].Length);
        Assert.NotEqual(0, states[0].LastWriteUtcTicks);
        Assert.Equal(10, states[0].BytesCompleted);
        storage.DeleteFiles();
        Assert.False(Directory.Exists(dir.Combine("dst", "share")));
    }
}
