using ModularTorrent.Arc.Resilience;

namespace ModularTorrent.Arc.Endpoints;

/// <summary>
/// The endpoints of a broadcaster, managed at run time: list, add, remove, enable, disable.
/// Each method maps to one admin route; failures are <see cref="ArcEndpointException"/> with a
/// precise message and a <see cref="ArcEndpointError"/> the route turns into 400/404/409.
/// </summary>
public sealed class ArcEndpointRegistry
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _breakerThreshold;
    private readonly TimeSpan _breakerCooldown;

    // Copy-on-write: the send path reads the array without locking.
    private ArcEndpoint[] _endpoints = [];

    internal ArcEndpointRegistry(TimeProvider time, int breakerThreshold, TimeSpan breakerCooldown)
    {
        _time = time;
        _breakerThreshold = breakerThreshold;
        _breakerCooldown = breakerCooldown;
    }

    /// <summary>Every endpoint in failover order with its statistics.</summary>
    public IReadOnlyList<ArcEndpointSnapshot> List()
    {
        var endpoints = _endpoints;
        var result = new ArcEndpointSnapshot[endpoints.Length];
        for (var i = 0; i < endpoints.Length; i++)
        {
            result[i] = endpoints[i].Snapshot(i);
        }

        return result;
    }

    /// <summary>One endpoint with its statistics.</summary>
    /// <param name="name">Its name, case-insensitive.</param>
    /// <exception cref="ArcEndpointException">No endpoint has that name.</exception>
    public ArcEndpointSnapshot Get(string name)
    {
        var endpoints = _endpoints;
        var index = IndexOf(endpoints, name);
        return index < 0 ? throw NotFound(name) : endpoints[index].Snapshot(index);
    }

    /// <summary>Adds an endpoint at the end of the failover order, or at <paramref name="order"/>.</summary>
    /// <param name="options">Its settings.</param>
    /// <param name="order">Its place (0 = new primary); at the end when <see langword="null"/>.</param>
    /// <exception cref="ArcEndpointException">The settings are invalid or the name is taken.</exception>
    public ArcEndpointSnapshot Add(ArcEndpointOptions options, int? order = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } error)
        {
            throw new ArcEndpointException(ArcEndpointError.Invalid, error);
        }

        lock (_gate)
        {
            if (IndexOf(_endpoints, options.Name) >= 0)
            {
                throw new ArcEndpointException(ArcEndpointError.Conflict, $"An ARC endpoint named '{options.Name}' already exists.");
            }

            var position = order ?? _endpoints.Length;
            if (position < 0 || position > _endpoints.Length)
            {
                throw new ArcEndpointException(ArcEndpointError.Invalid, $"Order {position} is outside 0..{_endpoints.Length}.");
            }

            var endpoint = new ArcEndpoint(options, new CircuitBreaker(_time, _breakerThreshold, _breakerCooldown));
            var list = _endpoints.ToList();
            list.Insert(position, endpoint);
            _endpoints = [.. list];
            return endpoint.Snapshot(position);
        }
    }

    /// <summary>Removes an endpoint; requests already sent to it finish.</summary>
    /// <param name="name">Its name, case-insensitive.</param>
    /// <exception cref="ArcEndpointException">No endpoint has that name.</exception>
    public void Remove(string name)
    {
        lock (_gate)
        {
            var index = IndexOf(_endpoints, name);
            if (index < 0)
            {
                throw NotFound(name);
            }

            var list = _endpoints.ToList();
            list.RemoveAt(index);
            _endpoints = [.. list];
        }
    }

    /// <summary>Lets an endpoint take traffic again.</summary>
    /// <param name="name">Its name, case-insensitive.</param>
    /// <exception cref="ArcEndpointException">No endpoint has that name.</exception>
    public ArcEndpointSnapshot Enable(string name) => SetEnabled(name, true);

    /// <summary>Stops sending to an endpoint without forgetting it or its statistics.</summary>
    /// <param name="name">Its name, case-insensitive.</param>
    /// <exception cref="ArcEndpointException">No endpoint has that name.</exception>
    public ArcEndpointSnapshot Disable(string name) => SetEnabled(name, false);

    /// <summary>The endpoints in failover order, for the send path.</summary>
    internal ArcEndpoint[] Current => _endpoints;

    private ArcEndpointSnapshot SetEnabled(string name, bool enabled)
    {
        var endpoints = _endpoints;
        var index = IndexOf(endpoints, name);
        if (index < 0)
        {
            throw NotFound(name);
        }

        endpoints[index].Enabled = enabled;
        return endpoints[index].Snapshot(index);
    }

    private static int IndexOf(ArcEndpoint[] endpoints, string name)
    {
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (string.Equals(endpoints[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static ArcEndpointException NotFound(string name) =>
        new(ArcEndpointError.NotFound, $"No ARC endpoint is named '{name}'.");
}
