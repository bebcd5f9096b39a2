namespace ModularTorrent.Sdk.Protocols;

/// <summary>How much a file is wanted. The numbers order the priorities; <see cref="Skip"/> is never downloaded.</summary>
public enum FilePriority : byte
{
    /// <summary>Do not download.</summary>
    Skip = 0,

    /// <summary>Download after everything else.</summary>
    Low = 1,

    /// <summary>The default.</summary>
    Normal = 4,

    /// <summary>Download first.</summary>
    High = 7,
}
