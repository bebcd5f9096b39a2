namespace ModularTorrent.Arc.Resilience;

/// <summary>The last <c>capacity</c> request latencies of one endpoint, for p50 and p99. Thread-safe.</summary>
public sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly double[] _samples;
    private int _next;
    private int _count;

    /// <summary>Creates an empty window.</summary>
    /// <param name="capacity">How many recent samples are kept; at least 1.</param>
    public LatencyRecorder(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _samples = new double[capacity];
    }

    /// <summary>Adds one latency.</summary>
    /// <param name="latency">How long the request took.</param>
    public void Record(TimeSpan latency)
    {
        lock (_gate)
        {
            _samples[_next] = latency.TotalMilliseconds;
            _next = (_next + 1) % _samples.Length;
            _count = Math.Min(_count + 1, _samples.Length);
        }
    }

    /// <summary>The given percentiles (0 to 100) in milliseconds by nearest rank, or <see langword="null"/> each when nothing was recorded.</summary>
    /// <param name="percentiles">The percentiles wanted.</param>
    public double?[] Percentiles(params ReadOnlySpan<double> percentiles)
    {
        var result = new double?[percentiles.Length];
        double[] copy;
        lock (_gate)
        {
            if (_count == 0)
            {
                return result;
            }

            copy = _samples.AsSpan(0, _count).ToArray();
        }

        Array.Sort(copy);
        for (var i = 0; i < percentiles.Length; i++)
        {
            var rank = (int)Math.Ceiling(Math.Clamp(percentiles[i], 0, 100) / 100 * copy.Length);
            result[i] = copy[Math.Clamp(rank - 1, 0, copy.Length - 1)];
        }

        return result;
    }
}
