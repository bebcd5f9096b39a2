using System.Text;
using ModularTorrent.Cli.Remote;

namespace ModularTorrent.Cli.Tests.Remote;

/// <summary>How <c>mt watch</c> follows the event stream's messages (the messages as the host writes them).</summary>
public sealed class WatchBoardTests
{
    private const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private static bool Send(WatchBoard board, string json) => board.Handle(Encoding.UTF8.GetBytes(json));

    private static string Torrent(string id, string state, double progress, string? completedAt = null) =>
        $$$"""{"infoHash":"{{{id}}}","name":"n-{{{id[0]}}}","state":"{{{state}}}","progress":{{{progress.ToString(System.Globalization.CultureInfo.InvariantCulture)}}},"totalBytes":1000,"verifiedBytes":{{{(int)(progress * 1000)}}},"downloadRate":5,"uploadRate":0,"peers":1,"completedAt":{{{(completedAt is null ? "null" : $"\"{completedAt}\"")}}},"error":null}""";

    [Fact]
    public void Deltas_after_the_snapshot_move_progress_and_seeding_completes()
    {
        var board = new WatchBoard([A, B.ToUpperInvariant()]);
        Assert.False(Send(board, """{"seq":1,"type":"hello"}"""));
        Assert.False(Send(board, $$$"""{"seq":3,"type":"transfer.changed","id":"{{{A}}}","changes":{"progress":0.9}}""")); // before any snapshot: ignored
        Assert.True(Send(board, $$$"""{"seq":2,"type":"snapshot","torrents":[{{{Torrent(A, "downloading", 0.1)}}},{{{Torrent(B, "seeding", 1, "2026-11-22T03:00:00Z")}}}]}"""));

        var a = board.Torrents[0];
        Assert.Equal("n-a", a.Name);
        Assert.Equal(0.1, a.Progress);
        Assert.False(a.Finished);
        Assert.True(board.Torrents[1].Completed);
        Assert.False(board.AllFinished);

        Assert.True(Send(board, $$$"""{"seq":4,"type":"transfer.changed","id":"{{{A}}}","changes":{"progress":0.5,"verifiedBytes":500,"peers":3}}"""));
        Assert.Equal(0.5, a.Progress);
        Assert.Equal(500, a.VerifiedBytes);
        Assert.Equal(3, a.Peers);
        Assert.False(Send(board, """{"seq":5,"type":"transfer.changed","id":"cccccccccccccccccccccccccccccccccccccccc","changes":{"progress":1}}"""));

        Assert.True(Send(board, $$$"""{"seq":6,"type":"transfer.changed","id":"{{{A}}}","changes":{"state":"seeding","progress":1}}"""));
        Assert.True(a.Completed);
        Assert.True(board.AllFinished);
    }

    [Fact]
    public void After_resync_only_the_following_snapshot_counts()
    {
        var board = new WatchBoard([A]);
        Send(board, $$$"""{"seq":1,"type":"snapshot","torrents":[{{{Torrent(A, "downloading", 0.2)}}}]}""");

        Assert.False(Send(board, """{"seq":50,"type":"resync"}"""));
        Assert.False(board.Synchronized);
        Assert.False(Send(board, $$$"""{"seq":51,"type":"transfer.completed","id":"{{{A}}}"}""")); // not trusted until the snapshot
        Assert.False(board.AllFinished);

        Send(board, $$$"""{"seq":50,"type":"snapshot","torrents":[{{{Torrent(A, "downloading", 0.7)}}}]}""");
        Assert.Equal(0.7, board.Torrents[0].Progress);
        Assert.True(Send(board, $$$"""{"seq":52,"type":"transfer.completed","id":"{{{A}}}"}"""));
        Assert.True(board.AllFinished);
    }

    [Fact]
    public void Removed_errored_and_missing_torrents_finish_without_completing()
    {
        var board = new WatchBoard([A, B]);
        Send(board, $$$"""{"seq":1,"type":"snapshot","torrents":[{{{Torrent(A, "downloading", 0.2)}}}]}""");
        Assert.True(board.Torrents[1].Removed); // not on the host

        Send(board, $$$"""{"seq":2,"type":"transfer.errored","id":"{{{A}}}","error":"disk full"}""");
        Assert.True(board.Torrents[0].Failed);
        Assert.Equal("disk full", board.Torrents[0].Error);
        Assert.True(board.AllFinished);
        Assert.DoesNotContain(board.Torrents, t => t.Completed);
    }

    [Fact]
    public void A_message_that_is_not_json_is_reported()
    {
        var board = new WatchBoard([A]);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Send(board, "not json"));
        Assert.False(Send(board, "[1,2]"));
    }

    [Fact]
    public void Completion_arriving_before_the_last_progress_delta_still_shows_every_byte()
    {
        var board = new WatchBoard([A]);
        Send(board, $$$"""{"seq":1,"type":"snapshot","torrents":[{{{Torrent(A, "downloading", 0.8)}}}]}""");

        Assert.True(Send(board, $$$"""{"seq":2,"type":"transfer.completed","id":"{{{A}}}"}"""));

        var a = board.Torrents[0];
        Assert.Equal(1, a.Progress);
        Assert.Equal(1000, a.VerifiedBytes);
        Assert.Contains("100.0%", a.Describe(), StringComparison.Ordinal);
    }
}
