using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModularTorrent.Host.Api;
using ModularTorrent.Runtime.Transfers;

namespace ModularTorrent.Host.Realtime;

/// <summary>
/// The latest resource of every torrent with its JSON already encoded. Reads are served from here,
/// so a list of 50 torrents costs a copy of bytes rather than 50 engine status calls and 50
/// serializations. Entries are at most <see cref="MaxAge"/> old (the delta publisher refreshes all of
/// them on every tick, actions refresh theirs at once), the same freshness the live stream has.
/// </summary>
internal sealed class TorrentResourceCache(TransferService transfers, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    /// <summary>The encoded resource of one torrent, fresh within <see cref="MaxAge"/>.</summary>
    /// <exception cref="TransferNotFoundException">Unknown id.</exception>
    public Entry Get(string id)
    {
        var now = clock.GetTimestamp();
        if (_entries.TryGetValue(id, out var entry) && clock.GetElapsedTime(entry.Stamp, now) < MaxAge)
        {
            return entry;
        }

        return Store(transfers.Get(id), now);
    }

    /// <summary>Recomputes every torrent (one engine status call each) and drops removed ones; returns the fresh resources.</summary>
    public IReadOnlyList<TorrentResource> RefreshAll()
    {
        var now = clock.GetTimestamp();
        var snapshots = transfers.List();
        var resources = new List<TorrentResource>(snapshots.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            var entry = Store(snapshot, now);
            resources.Add(entry.Resource);
            seen.Add(entry.Resource.InfoHash);
        }

        foreach (var id in _entries.Keys)
        {
            if (!seen.Contains(id))
            {
                _entries.TryRemove(id, out _);
            }
        }

        return resources;
    }

    /// <summary>Replaces one torrent's entry with a fresh snapshot (after an action changed it).</summary>
    public TorrentResource Update(TransferSnapshot snapshot) => Store(snapshot, clock.GetTimestamp()).Resource;

    /// <summary>Forgets a removed torrent.</summary>
    public void Remove(string id) => _entries.TryRemove(id, out _);

    private Entry Store(TransferSnapshot snapshot, long stamp)
    {
        var resource = TorrentResource.From(snapshot);
        var entry = new Entry(resource, JsonSerializer.SerializeToUtf8Bytes(resource, _options), stamp);
        _entries[resource.InfoHash] = entry;
        return entry;
    }

    /// <summary>A cached resource, its UTF-8 JSON, and when it was computed (a <see cref="TimeProvider"/> timestamp).</summary>
    internal sealed record Entry(TorrentResource Resource, byte[] Json, long Stamp);
}
