namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>A decoded ut_metadata message.</summary>
/// <param name="Type">Request, data or reject.</param>
/// <param name="Piece">The 16 KiB metadata piece index.</param>
/// <param name="TotalSize">For data: the whole info dictionary's size.</param>
/// <param name="Data">For data: the piece bytes (a slice of the received payload).</param>
public readonly record struct MetadataMessage(MetadataMessageType Type, int Piece, int TotalSize = 0, ReadOnlyMemory<byte> Data = default);
