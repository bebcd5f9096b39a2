using ModularTorrent.Arc.Resilience;

namespace ModularTorrent.Arc.Endpoints;

/// <summary>One endpoint at run time: its settings, breaker and counters.</summary>
internal sealed class ArcEndpoint
{
    private long _successes;
    private long _failures;
    private volatile bool _enabled;

    public ArcEndpoint(ArcEndpointOptions options, CircuitBreaker breaker)
    {
        Options = options;
        Breaker = breaker;
        _enabled = options.Enabled;
        Base = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
    }

    public ArcEndpointOptions Options { get; }

    public string Name => Options.Name;

    /// <summary>The base URL with a trailing slash, so relative paths append instead of replacing the last segment.</summary>
    public Uri Base { get; }

    public CircuitBreaker Breaker { get; }

    public LatencyRecorder Latency { get; } = new();

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    public long Successes => Interlocked.Read(ref _successes);

    public long Failures => Interlocked.Read(ref _failures);

    public void RecordSuccess(TimeSpan latency)
    {
        Interlocked.Increment(ref _successes);
        Latency.Record(latency);
        Breaker.RecordSuccess();
    }

    public void RecordFailure(TimeSpan latency)
    {
        Interlocked.Increment(ref _failures);
        Latency.Record(latency);
        Breaker.RecordFailure();
    }

    public ArcEndpointSnapshot Snapshot(int order)
    {
        var p = Latency.Percentiles(50, 99);
        return new ArcEndpointSnapshot(Name, Options.BaseUrl, order, Enabled, Options.ApiKey is not null, Breaker.State, Successes, Failures, p[0], p[1]);
    }
}
