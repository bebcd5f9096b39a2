namespace ModularTorrent.Host.Realtime;

/// <summary>Produces the snapshot messages a WebSocket client receives on connect and after a resync.</summary>
internal interface ISnapshotSource
{
    /// <param name="filter">The client's filter.</param>
    /// <param name="sequence">The sequence number the snapshot is current to (its messages carry it).</param>
    IEnumerable<byte[]> Snapshot(EventStreamFilter filter, long sequence);
}
