using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>One tracker of a <see cref="TrackerManager"/> and what it last said.</summary>
internal sealed class TrackerEntry(string url, int tier, ITrackerClient? client, string? problem)
{
    public const string NotContacted = "not-contacted";
    public const string Working = "working";
    public const string Error = "error";

    public string Url { get; } = url;

    public int Tier { get; } = tier;

    /// <summary>Null when the URL cannot be used (bad URL, unknown scheme); <see cref="Message"/> says why.</summary>
    public ITrackerClient? Client { get; } = client;

    public string Status { get; set; } = client is null ? Error : NotContacted;

    public string? Message { get; set; } = problem;

    public int Peers { get; set; }

    public DateTimeOffset? NextAnnounce { get; set; }

    /// <summary>Whether this tracker has our <c>started</c> announce (and no <c>stopped</c> since).</summary>
    public bool Started { get; set; }

    public TransferTracker ToStatus() => new(Url, Tier, Status, Message, Peers, NextAnnounce);
}
