using ModularTorrent.BitTorrent.Wire;

namespace ModularTorrent.BitTorrent.Peers;

/// <summary>A queued control message; the peer's writer loop encodes it straight into the pipe.</summary>
internal readonly record struct OutgoingMessage(MessageId Id, int Index = 0, int Begin = 0, int Length = 0, byte[]? Payload = null, byte ExtendedId = 0);
