using ModularTorrent.Sdk.Protocols;
using Xunit;

namespace ModularTorrent.Storage.Tests;

/// <summary>The torrents table, the same on every provider.</summary>
public abstract class TorrentRepositoryContract(ITestDatabases databases) : StorageTestBase(databases)
{
    private static readonly DateTimeOffset Added = new(2026, 11, 1, 12, 30, 15, 123, TimeSpan.Zero);

    internal static TorrentRecord Sample(string id, string? infoHash = null) => new()
    {
        Id = id,
        InfoHash = infoHash,
        Name = "Ubuntu " + id,
        Metainfo = [0x64, 0x34, 0x3a, 0x69, 0x6e, 0x66, 0x6f, 0x00, 0xff],
        SavePath = "/downloads/" + id,
        State = TransferState.Downloading,
        AddedAt = Added,
    };

    [Fact]
    public async Task Add_then_get_returns_every_field()
    {
        var repository = new TorrentRepository(Factory);
        var torrent = Sample("t1", new string('a', 40)) with
        {
            SourceUri = "magnet:?xt=urn:btih:" + new string('a', 40),
            SelectionPolicy = "rarest-first",
            PaymentStrategy = "bsv-micropayments",
            Limits = new RateLimits(1_000_000, 250_000),
            CompletedAt = Added.AddMinutes(5),
            State = TransferState.Seeding,
        };

        Assert.True(await repository.AddAsync(torrent));
        var read = await repository.GetAsync("t1");

        Assert.NotNull(read);
        Assert.Equal(torrent.Metainfo, read.Metainfo);
        Assert.Equal(torrent with { Metainfo = read.Metainfo }, read);
    }

    [Fact]
    public async Task Add_with_an_existing_id_or_info_hash_returns_false_and_keeps_the_first()
    {
        var repository = new TorrentRepository(Factory);
        var hash = new string('b', 40);
        Assert.True(await repository.AddAsync(Sample("first", hash)));

        Assert.False(await repository.AddAsync(Sample("first") with { Name = "other" }));
        Assert.False(await repository.AddAsync(Sample("second", hash.ToUpperInvariant())));

        Assert.Equal("Ubuntu first", (await repository.GetAsync("first"))!.Name);
        Assert.Null(await repository.GetAsync("second"));
        Assert.Equal(1, await repository.CountAsync());
    }

    [Fact]
    public async Task Find_by_info_hash_ignores_case_and_accepts_v2_hashes()
    {
        var repository = new TorrentRepository(Factory);
        var v1 = "ABCDEF0123456789ABCDEF0123456789ABCDEF01";
        var v2 = new string('c', 64);
        await repository.AddAsync(Sample("v1", v1));
        await repository.AddAsync(Sample("v2", v2));

        Assert.Equal("v1", (await repository.FindByInfoHashAsync(v1.ToLowerInvariant()))!.Id);
        Assert.Equal(v1.ToLowerInvariant(), (await repository.GetAsync("v1"))!.InfoHash);
        Assert.Equal("v2", (await repository.FindByInfoHashAsync(v2))!.Id);
        Assert.Null(await repository.FindByInfoHashAsync(new string('d', 40)));
    }

    [Fact]
    public async Task Update_replaces_fields_and_reports_a_missing_torrent()
    {
        var repository = new TorrentRepository(Factory);
        await repository.AddAsync(Sample("u"));
        var changed = Sample("u", new string('e', 40)) with
        {
            Name = "renamed",
            Metainfo = null,
            SourceUri = "https://example.invalid/x.torrent",
            Limits = new RateLimits(5, 6),
            PaymentStrategy = "pay",
            CompletedAt = Added.AddHours(1),
        };

        Assert.True(await repository.UpdateAsync(changed));
        Assert.False(await repository.UpdateAsync(Sample("missing")));

        Assert.Equal(changed, await repository.GetAsync("u"));
    }

    [Fact]
    public async Task SetState_changes_only_the_state()
    {
        var repository = new TorrentRepository(Factory);
        await repository.AddAsync(Sample("s"));

        Assert.True(await repository.SetStateAsync("s", TransferState.Paused));
        Assert.False(await repository.SetStateAsync("nope", TransferState.Paused));

        var read = await repository.GetAsync("s");
        Assert.Equal(TransferState.Paused, read!.State);
        Assert.Equal("Ubuntu s", read.Name);
    }

    [Fact]
    public async Task List_is_oldest_first()
    {
        var repository = new TorrentRepository(Factory);
        await repository.AddAsync(Sample("late") with { AddedAt = Added.AddDays(2) });
        await repository.AddAsync(Sample("early") with { AddedAt = Added.AddDays(-2) });
        await repository.AddAsync(Sample("middle"));

        var ids = (await repository.ListAsync()).Select(torrent => torrent.Id).ToArray();

        Assert.Equal(["early", "middle", "late"], ids);
    }

    [Fact]
    public async Task Delete_removes_the_torrent_and_its_resume_data()
    {
        var repository = new TorrentRepository(Factory);
        var resume = new DbResumeStore(Factory);
        await repository.AddAsync(Sample("d"));
        await resume.SaveAsync(new ResumeData("d", [1, 2], [], Added));

        Assert.True(await repository.DeleteAsync("d"));
        Assert.False(await repository.DeleteAsync("d"));

        Assert.Null(await repository.GetAsync("d"));
        Assert.Null(await resume.LoadAsync("d"));
    }

    [Fact]
    public async Task Invalid_records_are_rejected_with_the_reason()
    {
        var repository = new TorrentRepository(Factory);

        var badHash = await Assert.ThrowsAsync<ArgumentException>(() => repository.AddAsync(Sample("x", "xyz")));
        Assert.Contains("40 (v1) or 64 (v2) hex digits", badHash.Message, StringComparison.Ordinal);
        var noSource = await Assert.ThrowsAsync<ArgumentException>(() => repository.AddAsync(Sample("x") with { Metainfo = null }));
        Assert.Contains("source URI", noSource.Message, StringComparison.Ordinal);
        var negative = await Assert.ThrowsAsync<ArgumentException>(() => repository.AddAsync(Sample("x") with { Limits = new RateLimits(-1, 0) }));
        Assert.Contains("negative", negative.Message, StringComparison.Ordinal);
        var longId = await Assert.ThrowsAsync<ArgumentException>(() => repository.AddAsync(Sample(new string('i', 201))));
        Assert.Contains("at most 200", longId.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => repository.AddAsync(Sample("x") with { State = (TransferState)99 }));

        Assert.Equal(0, await repository.CountAsync());
    }
}
