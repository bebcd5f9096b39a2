namespace ModularTorrent.Sdk.Protocols;

/// <summary>One file of a transfer.</summary>
/// <param name="Index">Its index in the metainfo.</param>
/// <param name="Path">Its path relative to the save folder, with <c>/</c> separators.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="BytesCompleted">Bytes of it in verified pieces.</param>
/// <param name="Priority">Its download priority.</param>
public sealed record TransferFile(int Index, string Path, long Length, long BytesCompleted, FilePriority Priority);
