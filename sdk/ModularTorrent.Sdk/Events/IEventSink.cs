namespace ModularTorrent.Sdk.Events;

/// <summary>Where plugins publish events; the host fans them out to its WebSocket stream.</summary>
/// <remarks>Publishing never blocks and never throws: a slow consumer loses events, the engine never waits.</remarks>
public interface IEventSink
{
    /// <summary>Publishes one event.</summary>
    /// <param name="hostEvent">The event; only SDK event types are accepted so the host never caches plugin types.</param>
    void Publish(HostEvent hostEvent);
}
