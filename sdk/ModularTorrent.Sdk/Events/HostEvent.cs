using System.Text.Json.Serialization;

namespace ModularTorrent.Sdk.Events;

/// <summary>
/// The base of every event on the host's stream. Events are immutable records defined in the SDK,
/// so the host can serialize them without caching any plugin type.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PluginStateChanged), "plugin.state")]
[JsonDerivedType(typeof(PluginEvent), "plugin.event")]
[JsonDerivedType(typeof(TransferAdded), "transfer.added")]
[JsonDerivedType(typeof(TransferStateChanged), "transfer.state")]
[JsonDerivedType(typeof(TransferProgress), "transfer.progress")]
[JsonDerivedType(typeof(TransferChanged), "transfer.changed")]
[JsonDerivedType(typeof(TransferCompleted), "transfer.completed")]
[JsonDerivedType(typeof(TransferErrored), "transfer.errored")]
[JsonDerivedType(typeof(TransferRemoved), "transfer.removed")]
[JsonDerivedType(typeof(PieceVerified), "piece.verified")]
[JsonDerivedType(typeof(PieceFailed), "piece.failed")]
[JsonDerivedType(typeof(PeerConnected), "peer.connected")]
[JsonDerivedType(typeof(PeerDisconnected), "peer.disconnected")]
[JsonDerivedType(typeof(PeerBanned), "peer.banned")]
[JsonDerivedType(typeof(PaymentSettled), "payment.settled")]
[JsonDerivedType(typeof(RuleDisabled), "rule.disabled")]
[JsonDerivedType(typeof(BroadcastStatusChanged), "broadcast.status")]
public abstract record HostEvent
{
    /// <summary>When the event happened, from the publisher's clock.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The transfer the event concerns, when it concerns one (lower-case hex info-hash for torrents).</summary>
    public virtual string? TransferId => null;
}
