using System.Globalization;
using System.Text.Json;

namespace ModularTorrent.Cli.Remote;

/// <summary>What <c>mt watch</c> knows of one torrent: set from a snapshot, then changed by deltas.</summary>
public sealed class WatchedTorrent(string id)
{
    /// <summary>The info-hash (lower case).</summary>
    public string Id { get; } = id;

    /// <summary>The name (the info-hash until the first snapshot names it).</summary>
    public string Name { get; private set; } = id;

    /// <summary>The state as the API writes it (e.g. <c>downloading</c>).</summary>
    public string State { get; private set; } = "unknown";

    /// <summary>Verified fraction, 0 to 1.</summary>
    public double Progress { get; private set; }

    /// <summary>Size of the wanted data.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Verified bytes.</summary>
    public long VerifiedBytes { get; private set; }

    /// <summary>Bytes per second received.</summary>
    public long DownloadRate { get; private set; }

    /// <summary>Bytes per second sent.</summary>
    public long UploadRate { get; private set; }

    /// <summary>Connected peers.</summary>
    public int Peers { get; private set; }

    /// <summary>Why it stopped, when it errored.</summary>
    public string? Error { get; private set; }

    /// <summary>Whether the host said it completed (seeding, a completion time, or <c>transfer.completed</c>).</summary>
    public bool Completed { get; private set; }

    /// <summary>Whether it was removed from the host (or was missing from a snapshot).</summary>
    public bool Removed { get; private set; }

    /// <summary>Whether it stopped on an error.</summary>
    public bool Failed => State == "error";

    /// <summary>Whether waiting on it is over: completed, removed or failed.</summary>
    public bool Finished => Completed || Removed || Failed;

    /// <summary>Sets every field from a torrent object of a snapshot (unknown fields are ignored).</summary>
    /// <param name="torrent">The torrent object.</param>
    public void Reset(JsonElement torrent)
    {
        Completed = false;
        Removed = false;
        Error = null;
        Apply(torrent);
    }

    /// <summary>Applies the fields of a <c>transfer.changed</c> delta or a snapshot object.</summary>
    /// <param name="fields">A JSON object of field names and values.</param>
    public void Apply(JsonElement fields)
    {
        if (fields.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var completed = false;
        foreach (var field in fields.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "name" when value.ValueKind == JsonValueKind.String:
                    Name = value.GetString()!;
                    break;
                case "state" when value.ValueKind == JsonValueKind.String:
                    State = value.GetString()!.ToLowerInvariant();
                    break;
                case "progress" when value.ValueKind == JsonValueKind.Number:
                    Progress = value.GetDouble();
                    break;
                case "totalBytes" when value.ValueKind == JsonValueKind.Number:
                    TotalBytes = value.GetInt64();
                    break;
                case "verifiedBytes" when value.ValueKind == JsonValueKind.Number:
                    VerifiedBytes = value.GetInt64();
                    break;
                case "downloadRate" when value.ValueKind == JsonValueKind.Number:
                    DownloadRate = value.GetInt64();
                    break;
                case "uploadRate" when value.ValueKind == JsonValueKind.Number:
                    UploadRate = value.GetInt64();
                    break;
                case "peers" when value.ValueKind == JsonValueKind.Number:
                    Peers = value.GetInt32();
                    break;
                case "completedAt" when value.ValueKind == JsonValueKind.String:
                    completed = true;
                    break;
                case "error":
                    Error = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    break;
            }
        }

        // Applied after every field, so a progress value in the same message does not undo it.
        if (completed || State == "seeding")
        {
            MarkCompleted();
        }
    }

    /// <summary>Records completion. The event can arrive before the last progress delta, so the numbers are brought to the end too.</summary>
    public void MarkCompleted()
    {
        Completed = true;
        Progress = 1;
        VerifiedBytes = Math.Max(VerifiedBytes, TotalBytes);
    }

    /// <summary>Records <c>transfer.removed</c>, or absence from a snapshot.</summary>
    public void MarkRemoved() => Removed = true;

    /// <summary>Records <c>transfer.errored</c>.</summary>
    /// <param name="error">Why.</param>
    public void MarkFailed(string? error)
    {
        State = "error";
        Error = error ?? Error;
    }

    /// <summary>Sets the state; seeding means every wanted piece is in.</summary>
    /// <param name="state">The state as the API writes it.</param>
    public void SetState(string state)
    {
        State = state.ToLowerInvariant();
        if (State == "seeding")
        {
            MarkCompleted();
        }
    }

    /// <summary>One plain status line.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}  {State,-11} {Progress * 100,5:0.0}%  {ByteSize.Format(VerifiedBytes)} of {ByteSize.Format(TotalBytes)}  peers {Peers}  down {ByteSize.Format(DownloadRate)}/s  up {ByteSize.Format(UploadRate)}/s");
}
