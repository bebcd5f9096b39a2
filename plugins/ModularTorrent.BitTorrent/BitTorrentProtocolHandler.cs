using System.Net;
using ModularTorrent.BitTorrent.Bencoding;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent;

/// <summary>The host-facing handler: starts .torrent transfers and seeds local files through a <see cref="BitTorrentEngine"/>.</summary>
public sealed class BitTorrentProtocolHandler : IProtocolHandler
{
    /// <summary>The handler's registered name.</summary>
    public const string HandlerName = "bittorrent";

    private readonly BitTorrentEngine _engine;

    /// <summary>Creates a handler over a started engine.</summary>
    public BitTorrentProtocolHandler(BitTorrentEngine engine) => _engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <inheritdoc />
    public string Name => HandlerName;

    /// <inheritdoc />
    public IReadOnlyList<ITransferHandle> Transfers => [.. _engine.PendingMagnets, .. _engine.Torrents];

    /// <summary>.torrent content (a bencoded dictionary with an <c>info</c> key), .torrent files and magnet links with a btih info-hash.</summary>
    public bool CanHandle(TransferSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Content is { } content)
        {
            return content.Length > 8 && content.Span[0] == (byte)'d' && content.Span.IndexOf("4:info"u8) > 0;
        }

        if (source.FilePath is { } path)
        {
            return path.EndsWith(".torrent", StringComparison.OrdinalIgnoreCase);
        }

        return source.Uri is { } uri
            && ((source.Scheme == "file" && uri.EndsWith(".torrent", StringComparison.OrdinalIgnoreCase))
                || (source.Scheme == "magnet" && uri.Contains("urn:btih:", StringComparison.OrdinalIgnoreCase)));
    }

    /// <inheritdoc />
    /// <exception cref="TransferSourceException">The source cannot be read or is not a valid .torrent.</exception>
    public async Task<ITransferHandle> StartAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = new TorrentOptions(request.SavePath)
        {
            SelectionPolicy = request.SelectionPolicy,
            StartPaused = request.StartPaused,
            FilePriorities = request.FilePriorities,
            Limits = request.Limits,
            Peers = await ResolvePeersAsync(request.Peers, cancellationToken),
            PaymentStrategy = request.PaymentStrategy,
        };
        if (request.Source.Scheme == "magnet")
        {
            MagnetLink link;
            try
            {
                link = MagnetLink.Parse(request.Source.Uri!);
            }
            catch (MetainfoException ex)
            {
                throw new TransferSourceException(TransferSourceError.Malformed, "The magnet link is invalid: " + ex.Message);
            }

            return _engine.AddMagnet(link, options);
        }

        var metainfo = ParseMetainfo(await ReadSourceAsync(request.Source, cancellationToken));
        return await _engine.AddAsync(metainfo, options, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SeedResult> SeedAsync(SeedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = Path.GetFullPath(request.Path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new TransferSourceException(TransferSourceError.Unreachable, $"Nothing to seed at '{path}'.");
        }

        var bytes = await TorrentCreator.CreateAsync(path, new TorrentCreateOptions
        {
            Trackers = request.Trackers.Select(t => (IReadOnlyList<string>)[t]).ToList(),
            WebSeeds = request.WebSeeds,
            PieceLength = request.PieceLength,
            Private = request.Private,
            Comment = request.Comment,
            CreationDate = _engine.Services.Clock.GetUtcNow(),
        }, cancellationToken);
        var metainfo = TorrentMetainfo.Parse(bytes);
        var torrent = await _engine.AddAsync(metainfo, new TorrentOptions(Path.GetDirectoryName(path)!), cancellationToken);
        return new SeedResult(torrent, MagnetLink.FromMetainfo(metainfo).ToString(), bytes);
    }

    /// <summary>Parses .torrent bytes, turning format errors into <see cref="TransferSourceException"/>.</summary>
    public static TorrentMetainfo ParseMetainfo(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return TorrentMetainfo.Parse(bytes);
        }
        catch (BencodeException ex)
        {
            throw new TransferSourceException(TransferSourceError.Malformed, "The .torrent is not valid bencode: " + ex.Message);
        }
        catch (MetainfoException ex)
        {
            throw new TransferSourceException(TransferSourceError.Malformed, "The .torrent is invalid: " + ex.Message);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadSourceAsync(TransferSource source, CancellationToken cancellationToken)
    {
        if (source.Content is { } content)
        {
            return content;
        }

        var path = source.FilePath
            ?? (source.Scheme == "file" && System.Uri.TryCreate(source.Uri, UriKind.Absolute, out var uri) ? uri.LocalPath : null);
        if (path is null)
        {
            throw new TransferSourceException(TransferSourceError.Unsupported, "The BitTorrent handler takes .torrent content, a .torrent file or a magnet link.");
        }

        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > 64 * 1024 * 1024)
            {
                throw new TransferSourceException(TransferSourceError.Malformed, $"'{path}' is larger than 64 MiB; not a .torrent.");
            }

            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TransferSourceException(TransferSourceError.Unreachable, $"Cannot read '{path}': {ex.Message}");
        }
    }

    private static async Task<IReadOnlyList<IPEndPoint>> ResolvePeersAsync(IReadOnlyList<string> peers, CancellationToken cancellationToken)
    {
        var result = new List<IPEndPoint>();
        foreach (var peer in peers)
        {
            if (IPEndPoint.TryParse(peer, out var endPoint) && endPoint.Port > 0)
            {
                result.Add(endPoint);
                continue;
            }

            var colon = peer.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(peer.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new TransferSourceException(TransferSourceError.Malformed, $"Peer '{peer}' is not host:port.");
            }

            try
            {
                var addresses = await Dns.GetHostAddressesAsync(peer[..colon], cancellationToken);
                result.AddRange(addresses.Select(a => new IPEndPoint(a, port)));
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw new TransferSourceException(TransferSourceError.Unreachable, $"Peer host '{peer[..colon]}' does not resolve: {ex.Message}");
            }
        }

        return result;
    }
}
