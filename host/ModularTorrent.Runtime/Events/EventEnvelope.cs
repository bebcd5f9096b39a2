using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Runtime.Events;

/// <summary>An event with the hub's sequence number, which orders all events of one host run.</summary>
/// <param name="Sequence">Strictly increasing from 1.</param>
/// <param name="Event">The event.</param>
public sealed record EventEnvelope(long Sequence, HostEvent Event);
