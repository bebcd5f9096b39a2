using System.Text.Json;
using System.Text.Json.Nodes;
using ModularTorrent.Host.Api;
using ModularTorrent.Runtime.Transfers;

namespace ModularTorrent.Host.Realtime;

/// <summary>The snapshot a WebSocket client gets on connect and after a resync: every (matching) torrent.</summary>
internal sealed class TorrentSnapshotSource(TransferService transfers) : ISnapshotSource
{
    public IEnumerable<byte[]> Snapshot(EventStreamFilter filter, long sequence)
    {
        var torrents = new JsonArray();
        foreach (var snapshot in transfers.List())
        {
            if (filter.MatchesTransfer(snapshot.Status.Id))
            {
                torrents.Add(JsonSerializer.SerializeToNode(TorrentResource.From(snapshot), EventJson.Options));
            }
        }

        yield return EventJson.Control(sequence, "snapshot", new JsonObject { ["torrents"] = torrents });
    }
}
