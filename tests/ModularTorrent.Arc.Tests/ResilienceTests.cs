using ModularTorrent.Arc.Resilience;

namespace ModularTorrent.Arc.Tests;

public sealed class ResilienceTests
{
    [Fact]
    public void Breaker_opens_after_threshold_probes_once_after_cooldown_and_closes_on_success()
    {
        var time = new ManualTimeProvider();
        var breaker = new CircuitBreaker(time, threshold: 3, cooldown: TimeSpan.FromSeconds(30));
        for (var i = 0; i < 2; i++)
        {
            Assert.True(breaker.TryAcquire());
            breaker.RecordFailure();
            Assert.Equal(CircuitState.Closed, breaker.State);
        }

        Assert.True(breaker.TryAcquire());
        breaker.RecordFailure();
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryAcquire());

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(breaker.TryAcquire());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.True(breaker.TryAcquire());   // the probe
        Assert.False(breaker.TryAcquire());  // only one probe at a time
        breaker.RecordSuccess();
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.True(breaker.TryAcquire());
        Assert.Equal(0, breaker.ConsecutiveFailures);
    }

    [Fact]
    public void Failed_probe_reopens_for_a_full_cooldown()
    {
        var time = new ManualTimeProvider();
        var breaker = new CircuitBreaker(time, threshold: 1, cooldown: TimeSpan.FromSeconds(10));
        breaker.RecordFailure();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(breaker.TryAcquire());
        breaker.RecordFailure();
        Assert.Equal(CircuitState.Open, breaker.State);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(breaker.TryAcquire());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(breaker.TryAcquire());
        breaker.Release(); // the request never left: the probe slot comes back
        Assert.True(breaker.TryAcquire());
    }

    [Fact]
    public void Backoff_stays_within_half_and_full_ceiling_and_is_capped()
    {
        var policy = new BackoffPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Ceiling(1));
        Assert.Equal(TimeSpan.FromMilliseconds(200), policy.Ceiling(2));
        Assert.Equal(TimeSpan.FromMilliseconds(1600), policy.Ceiling(5));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.Ceiling(6));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.Ceiling(1000));
        var random = new Random(7);
        for (var retry = 1; retry < 40; retry++)
        {
            var ceiling = policy.Ceiling(retry);
            for (var i = 0; i < 50; i++)
            {
                var d = policy.Delay(retry, random.NextDouble());
                Assert.InRange(d, ceiling / 2, ceiling);
            }
        }

        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.Delay(1, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Delay(1, 1));
    }

    [Fact]
    public async Task Token_bucket_refills_at_the_rate_and_caps_at_capacity()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucketRateLimiter(time, tokensPerSecond: 10, capacity: 5);
        Assert.Equal(5, bucket.TryTake(100, out _));
        Assert.Equal(0, bucket.TryTake(1, out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(100), wait);
        time.Advance(TimeSpan.FromMilliseconds(350));
        Assert.Equal(3, bucket.TryTake(100, out _));
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(5, bucket.TryTake(100, out _));

        var acquire = bucket.AcquireAsync(2, CancellationToken.None).AsTask();
        Assert.False(acquire.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, await acquire.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Latency_percentiles_by_nearest_rank()
    {
        var recorder = new LatencyRecorder(1000);
        Assert.Null(recorder.Percentiles(50)[0]);
        for (var i = 1; i <= 100; i++)
        {
            recorder.Record(TimeSpan.FromMilliseconds(i));
        }

        var p = recorder.Percentiles(50, 99);
        Assert.Equal(50, p[0]);
        Assert.Equal(99, p[1]);
    }
}
