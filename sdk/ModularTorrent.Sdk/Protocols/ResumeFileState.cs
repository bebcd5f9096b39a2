namespace ModularTorrent.Sdk.Protocols;

/// <summary>One file's state at the time resume data was saved.</summary>
/// <param name="Length">Its size on disk in bytes.</param>
/// <param name="LastWriteUtcTicks">Its last write time (UTC ticks); a mismatch forces a recheck.</param>
/// <param name="BytesCompleted">Bytes of it in verified pieces.</param>
public sealed record ResumeFileState(long Length, long LastWriteUtcTicks, long BytesCompleted);
