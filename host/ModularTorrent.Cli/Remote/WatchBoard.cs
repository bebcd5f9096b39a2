using System.Text.Json;

namespace ModularTorrent.Cli.Remote;

/// <summary>
/// The torrents <c>mt watch</c> waits on, kept current from the event stream: a <c>snapshot</c>
/// (on connect, and after every <c>resync</c>) replaces what is known; <c>transfer.*</c> events
/// change it. Events for other torrents are ignored.
/// </summary>
public sealed class WatchBoard
{
    private readonly Dictionary<string, WatchedTorrent> _byId = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a board for <paramref name="ids"/>.</summary>
    /// <param name="ids">The info-hashes to watch.</param>
    public WatchBoard(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            var key = id.ToLowerInvariant();
            if (!_byId.ContainsKey(key))
            {
                var torrent = new WatchedTorrent(key);
                _byId[key] = torrent;
                Torrents.Add(torrent);
            }
        }
    }

    /// <summary>The watched torrents in the order given.</summary>
    public IList<WatchedTorrent> Torrents { get; } = [];

    /// <summary>Whether a snapshot has arrived since connecting or since the last <c>resync</c>.</summary>
    public bool Synchronized { get; private set; }

    /// <summary>Whether every watched torrent is finished (completed, removed or failed), judged only once synchronized.</summary>
    public bool AllFinished => Synchronized && Torrents.All(t => t.Finished);

    /// <summary>Applies one message of the event stream.</summary>
    /// <param name="utf8Json">The message.</param>
    /// <returns>Whether anything on the board changed.</returns>
    /// <exception cref="JsonException">The message is not JSON.</exception>
    public bool Handle(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var type = typeElement.GetString();
        if (type == "snapshot")
        {
            ApplySnapshot(root);
            return true;
        }

        if (type == "resync")
        {
            // Events were dropped: nothing is trusted until the snapshot that follows.
            Synchronized = false;
            return false;
        }

        if (!Synchronized || !root.TryGetProperty("id", out var idElement) || idElement.GetString() is not { } id || !_byId.TryGetValue(id, out var torrent))
        {
            return false;
        }

        switch (type)
        {
            case "transfer.changed" when root.TryGetProperty("changes", out var changes):
                torrent.Apply(changes);
                return true;
            case "transfer.completed":
                torrent.MarkCompleted();
                return true;
            case "transfer.removed":
                torrent.MarkRemoved();
                return true;
            case "transfer.errored":
                torrent.MarkFailed(root.TryGetProperty("error", out var error) ? error.GetString() : null);
                return true;
            case "transfer.state" when root.TryGetProperty("current", out var current) && current.ValueKind == JsonValueKind.String:
                torrent.SetState(current.GetString()!);
                return true;
            default:
                return false;
        }
    }

    private void ApplySnapshot(JsonElement root)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("torrents", out var torrents) && torrents.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in torrents.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("infoHash", out var hash)
                    && hash.GetString() is { } id
                    && _byId.TryGetValue(id, out var torrent))
                {
                    torrent.Reset(item);
                    seen.Add(id);
                }
            }
        }

        foreach (var torrent in Torrents)
        {
            if (!seen.Contains(torrent.Id))
            {
                torrent.MarkRemoved();
            }
        }

        Synchronized = true;
    }
}
