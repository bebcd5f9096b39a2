using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Runtime.Transfers;

/// <summary>A transfer as the host knows it: its live status when a handler runs it, else its stored record.</summary>
/// <param name="Status">The status (state <see cref="TransferState.Waiting"/> while no handler runs it).</param>
/// <param name="SavePath">The folder it saves to.</param>
/// <param name="AddedAt">When it was added.</param>
/// <param name="CompletedAt">When it completed, if it did.</param>
/// <param name="Handler">The protocol handler running it, or <see langword="null"/>.</param>
public sealed record TransferSnapshot(TransferStatus Status, string SavePath, DateTimeOffset AddedAt, DateTimeOffset? CompletedAt, string? Handler);
