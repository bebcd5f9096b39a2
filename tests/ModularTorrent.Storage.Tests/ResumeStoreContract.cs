using ModularTorrent.Sdk.Protocols;
using Xunit;

namespace ModularTorrent.Storage.Tests;

/// <summary>IResumeStore over the database, the same on every provider.</summary>
public abstract class ResumeStoreContract(ITestDatabases databases) : StorageTestBase(databases)
{
    private static readonly DateTimeOffset SavedAt = new(2026, 11, 2, 8, 0, 0, 456, TimeSpan.Zero);

    private async Task<DbResumeStore> StoreWithTorrentsAsync(params string[] ids)
    {
        var repository = new TorrentRepository(Factory);
        foreach (var id in ids)
        {
            Assert.True(await repository.AddAsync(TorrentRepositoryContract.Sample(id)));
        }

        return new DbResumeStore(Factory);
    }

    [Fact]
    public async Task Save_then_load_round_trips_bitfield_files_and_time()
    {
        var store = await StoreWithTorrentsAsync("r");
        var data = new ResumeData(
            "r",
            [0b1010_0000, 0xff, 0x00, 0x01],
            [new ResumeFileState(1_000, 638_000_000_000_000_000, 512), new ResumeFileState(long.MaxValue, -1, 0)],
            SavedAt);

        await store.SaveAsync(data);
        var read = await store.LoadAsync("r");

        Assert.NotNull(read);
        Assert.Equal("r", read.TransferId);
        Assert.Equal(data.VerifiedPieces, read.VerifiedPieces);
        Assert.Equal(data.Files, read.Files);
        Assert.Equal(SavedAt, read.SavedAt);
    }

    [Fact]
    public async Task Save_replaces_the_previous_data()
    {
        var store = await StoreWithTorrentsAsync("r");
        await store.SaveAsync(new ResumeData("r", [1], [new ResumeFileState(1, 1, 1)], SavedAt));
        await store.SaveAsync(new ResumeData("r", [2, 3], [], SavedAt.AddSeconds(30)));

        var read = await store.LoadAsync("r");

        Assert.Equal([2, 3], read!.VerifiedPieces);
        Assert.Empty(read.Files);
        Assert.Equal(SavedAt.AddSeconds(30), read.SavedAt);
    }

    [Fact]
    public async Task Load_of_unknown_transfer_is_null_and_delete_removes()
    {
        var store = await StoreWithTorrentsAsync("a", "b");
        await store.SaveAsync(new ResumeData("a", [1], [], SavedAt));
        await store.SaveAsync(new ResumeData("b", [2], [], SavedAt));

        await store.DeleteAsync("a");
        await store.DeleteAsync("never-saved");

        Assert.Null(await store.LoadAsync("a"));
        Assert.Null(await store.LoadAsync("nobody"));
        Assert.Equal([2], (await store.LoadAsync("b"))!.VerifiedPieces);
    }

    [Fact]
    public async Task Resume_data_can_be_saved_before_its_torrent_is_recorded()
    {
        var store = await StoreWithTorrentsAsync();

        await store.SaveAsync(new ResumeData("early", [7], [], SavedAt));

        Assert.Equal([7], (await store.LoadAsync("early"))!.VerifiedPieces);
        Assert.True(await new TorrentRepository(Factory).AddAsync(TorrentRepositoryContract.Sample("early")));
        Assert.True(await new TorrentRepository(Factory).DeleteAsync("early"));
        Assert.Null(await store.LoadAsync("early"));
    }

    [Fact]
    public async Task Invalid_ids_are_rejected()
    {
        var store = await StoreWithTorrentsAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync(" "));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(new ResumeData(new string('x', 201), [], [], SavedAt)));
        Assert.Contains("at most 200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_thousand_files_round_trip()
    {
        var store = await StoreWithTorrentsAsync("big");
        var files = Enumerable.Range(0, 20_000).Select(index => new ResumeFileState(index * 3L, index * 7L, index)).ToArray();
        var pieces = new byte[64 * 1024];
        Random.Shared.NextBytes(pieces);

        await store.SaveAsync(new ResumeData("big", pieces, files, SavedAt));
        var read = await store.LoadAsync("big");

        Assert.Equal(pieces, read!.VerifiedPieces);
        Assert.Equal(files, read.Files);
    }
}
