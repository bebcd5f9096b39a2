using ModularTorrent.BitTorrent.Torrents;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

public sealed class TokenBucketTests
{
    [Fact]
    public void Unlimited_never_waits()
    {
        var bucket = new TokenBucket(TimeProvider.System, 0);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(bucket.ConsumeAsync(1 << 20, CancellationToken.None).AsTask().IsCompletedSuccessfully);
        }
    }

    [Fact]
    public void Debt_makes_consumers_wait_in_proportion_to_the_rate()
    {
        var clock = new ManualTime();
        var bucket = new TokenBucket(clock, 100_000);
        clock.Advance(TimeSpan.FromSeconds(10));

        // Burst capacity is half a second of rate; beyond that the consumer must wait.
        Assert.True(bucket.ConsumeAsync(50_000, CancellationToken.None).AsTask().IsCompletedSuccessfully);
        var wait = bucket.ConsumeAsync(100_000, CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.9));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.True(wait.IsCompleted);
    }

    private sealed class ManualTime : TimeProvider
    {
        private readonly List<(DateTimeOffset Due, TimerCallback Callback, object? State, ManualTimer Timer)> _timers = [];
        private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => _now;

        public override long GetTimestamp() => _now.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by)
        {
            _now += by;
            foreach (var timer in _timers.Where(t => t.Due <= _now && !t.Timer.Disposed).ToList())
            {
                timer.Timer.Disposed = true;
                timer.Callback(timer.State);
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer();
            _timers.Add((_now + dueTime, callback, state, timer));
            return timer;
        }

        private sealed class ManualTimer : ITimer
        {
            public bool Disposed { get; set; }

            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose() => Disposed = true;

            public ValueTask DisposeAsync()
            {
                Disposed = true;
                return ValueTask.CompletedTask;
            }
        }
    }
}
