namespace ModularTorrent.Host.Realtime;

/// <summary>Produces the snapshot messages a WebSocket client receives on connect and after a resync.</summary>
internal interface ISnapshotSource
{
    IEnumerable<byte[]> Snapshot(EventStreamFilter filter);
}
