using ModularTorrent.Arc.Api;
using ModularTorrent.Arc.Endpoints;

namespace ModularTorrent.Arc;

/// <summary>
/// The fee rate from <c>/v1/policy</c>, cached for a while; the configured fallback (100 sat/kB by
/// default) when no endpoint answers with a usable policy.
/// </summary>
internal sealed class ArcFeeRates : IDisposable
{
    private readonly ArcApiClient _api;
    private readonly ArcEndpointRegistry _endpoints;
    private readonly ArcClientOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private decimal? _rate;
    private long _readAt;

    public ArcFeeRates(ArcApiClient api, ArcEndpointRegistry endpoints, ArcClientOptions options, TimeProvider time)
    {
        _api = api;
        _endpoints = endpoints;
        _options = options;
        _time = time;
    }

    /// <summary>The rate last read, or the fallback.</summary>
    public decimal Current => _rate ?? _options.FallbackFeeRateSatoshisPerKb;

    /// <summary>Whether the current rate came from an endpoint rather than the fallback.</summary>
    public bool FromPolicy => _rate is not null;

    public async Task<decimal> GetAsync(CancellationToken cancellationToken)
    {
        if (_rate is not null && _time.GetElapsedTime(_readAt) < _options.PolicyLifetime)
        {
            return _rate.Value;
        }

        return await RefreshAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the policy again, from <paramref name="preferred"/> first; returns the rate in force.</summary>
    public async Task<decimal> RefreshAsync(ArcEndpoint? preferred, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var candidates = preferred is null ? _endpoints.Current : [preferred, .. _endpoints.Current.Where(e => e != preferred)];
            foreach (var endpoint in candidates)
            {
                if (!endpoint.Enabled)
                {
                    continue;
                }

                try
                {
                    var (_, policy) = await _api.GetPolicyAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    if (policy?.FeeRateSatoshisPerKb is { } rate)
                    {
                        _rate = rate;
                        _readAt = _time.GetTimestamp();
                        return rate;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TimeoutException)
                {
                    // The next endpoint may know; the fallback stays otherwise.
                }
            }

            return Current;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();
}
