namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>A clock whose "now" moves only when told; timers still run on real time so timeouts stay real.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
