namespace ModularTorrent.Sdk.Protocols;

/// <summary>Where a transfer comes from: a URI (magnet, http), the bytes of a <c>.torrent</c>, or a local path.</summary>
/// <remarks>Exactly one of <see cref="Uri"/>, <see cref="Content"/> and <see cref="FilePath"/> is set.</remarks>
public sealed record TransferSource
{
    /// <summary>A URI such as <c>magnet:?xt=…</c> or <c>https://…/x.torrent</c>.</summary>
    public string? Uri { get; init; }

    /// <summary>The raw bytes of a metainfo file.</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>A local file path of a metainfo file.</summary>
    public string? FilePath { get; init; }

    /// <summary>A source from a URI.</summary>
    /// <param name="uri">The URI.</param>
    public static TransferSource FromUri(string uri) => new() { Uri = uri };

    /// <summary>A source from metainfo bytes.</summary>
    /// <param name="content">The bytes.</param>
    public static TransferSource FromContent(ReadOnlyMemory<byte> content) => new() { Content = content };

    /// <summary>A source from a local file.</summary>
    /// <param name="path">The path.</param>
    public static TransferSource FromFile(string path) => new() { FilePath = path };

    /// <summary>The URI scheme in lower case (<c>magnet</c>, <c>http</c>, …), or <see langword="null"/> for bytes and paths.</summary>
    public string? Scheme
    {
        get
        {
            if (Uri is null)
            {
                return null;
            }

            var colon = Uri.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? Uri[..colon].ToLowerInvariant() : null;
        }
    }
}
