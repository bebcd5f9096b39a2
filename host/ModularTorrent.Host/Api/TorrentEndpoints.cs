using Microsoft.AspNetCore.Http.HttpResults;
using System.Buffers;
using ModularTorrent.Host.Realtime;
using ModularTorrent.Host.Security;
using ModularTorrent.Runtime.Transfers;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Host.Api;

/// <summary><c>/api/v1/torrents</c> reads: list, one, files, peers, pieces, trackers, metainfo; and <c>/api/v1/stats</c>.</summary>
internal static class TorrentEndpoints
{
    private static readonly string[] SortKeys = ["addedAt", "name", "progress", "state", "downloadRate", "uploadRate", "totalBytes"];

    public static IEndpointRouteBuilder MapTorrentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/torrents").WithTags("Torrents").RequireScope(ApiScope.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/", List).Produces<Page<TorrentResource>>().WithName("ListTorrents").WithSummary("Torrents, filtered by state, sorted and paged.").ProducesValidationProblem();
        group.MapGet("/{infoHash}", (string infoHash, TorrentResourceCache cache) =>
                WithTorrent(infoHash, () =>
                {
                    var json = cache.Get(infoHash.ToLowerInvariant()).Json;
                    return new RawJsonResult(writer => writer.Write(json));
                }))
            .WithName("GetTorrent").Produces<TorrentResource>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        group.MapGet("/{infoHash}/files", (string infoHash, TransferService transfers) =>
                WithTorrent(infoHash, () => TypedResults.Ok(transfers.Handle(infoHash).GetFiles())))
            .WithName("GetTorrentFiles").Produces<IReadOnlyList<TransferFile>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{infoHash}/peers", (string infoHash, TransferService transfers) =>
                WithTorrent(infoHash, () => TypedResults.Ok(transfers.Handle(infoHash).GetPeers())))
            .WithName("GetTorrentPeers").Produces<IReadOnlyList<TransferPeer>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{infoHash}/trackers", (string infoHash, TransferService transfers) =>
                WithTorrent(infoHash, () => TypedResults.Ok(transfers.Handle(infoHash).GetTrackers())))
            .WithName("GetTorrentTrackers").Produces<IReadOnlyList<TransferTracker>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{infoHash}/pieces", (string infoHash, TransferService transfers) =>
                WithTorrent(infoHash, () =>
                {
                    var handle = transfers.Handle(infoHash);
                    var bits = handle.GetVerifiedPieces();
                    var count = handle.GetStatus().PieceCount;
                    return TypedResults.Ok(new PiecesResource(count, new Sdk.Pieces.ReadOnlyBitfield(bits, Math.Min(count, bits.Length * 8)).PopCount(), Convert.ToBase64String(bits)));
                }))
            .WithName("GetTorrentPieces").Produces<PiecesResource>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{infoHash}/metainfo", (string infoHash, TransferService transfers) =>
                WithTorrent(infoHash, () => transfers.Metainfo(infoHash) is { } bytes
                    ? TypedResults.File(bytes, "application/x-bittorrent", $"{infoHash.ToLowerInvariant()}.torrent")
                    : Problems.NotFound("metainfo-not-available", $"Torrent '{infoHash}' has no metainfo yet (its metadata has not arrived).")))
            .WithName("GetTorrentMetainfo").Produces<byte[]>(200, "application/x-bittorrent").ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/stats", Stats).WithTags("Stats").WithName("GetStats").RequireScope(ApiScope.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    internal static IResult WithTorrent(string infoHash, Func<IResult> action)
    {
        if (!TorrentErrors.IsInfoHash(infoHash))
        {
            return TorrentErrors.BadInfoHash(infoHash);
        }

        try
        {
            return action();
        }
        catch (TransferNotFoundException ex)
        {
            return Problems.NotFound("torrent-not-found", ex.Message);
        }
        catch (TransferNotRunningException ex)
        {
            return Problems.Conflict("torrent-not-running", ex.Message);
        }
    }

    private static IResult List(
        TransferService transfers, TorrentResourceCache cache, string? state, string? sort, string? order, int? offset, int? limit)
    {
        var skip = offset ?? 0;
        var take = limit ?? 50;
        if (skip < 0)
        {
            return Problems.Validation("offset", "Must be 0 or more.");
        }

        if (take is < 1 or > 500)
        {
            return Problems.Validation("limit", "Must be between 1 and 500.");
        }

        TransferState? wanted = null;
        if (state is not null)
        {
            if (!Enum.TryParse<TransferState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Problems.Validation("state", $"Unknown state '{state}': use {string.Join(", ", Enum.GetNames<TransferState>().Select(n => n.ToLowerInvariant()))}.");
            }

            wanted = parsed;
        }

        var key = sort ?? "addedAt";
        if (!SortKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Validation("sort", $"Unknown sort key '{key}': use {string.Join(", ", SortKeys)}.");
        }

        var descending = order switch
        {
            null or "asc" => false,
            "desc" => true,
            _ => (bool?)null,
        };
        if (descending is null)
        {
            return Problems.Validation("order", "Use 'asc' or 'desc'.");
        }

        // The common case (no state filter, ordered by stored fields) pages on the stored records and
        // asks the engine for the status of the requested page only, not of every torrent.
        if (wanted is null && key.ToLowerInvariant() is "addedat" or "name")
        {
            var records = transfers.Records();
            var byName = key.Equals("name", StringComparison.OrdinalIgnoreCase);
            IReadOnlyList<Storage.TorrentRecord> sorted = byName
                ? [.. records.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)]
                : records; // already in added order
            var page = new List<byte[]>(Math.Min(take, sorted.Count));
            for (var i = skip; i < sorted.Count && page.Count < take; i++)
            {
                var record = sorted[descending.Value ? sorted.Count - 1 - i : i];
                try
                {
                    page.Add(cache.Get(record.Id).Json);
                }
                catch (TransferNotFoundException)
                {
                    // Removed between the listing and now.
                }
            }

            var total = sorted.Count;
            return new RawJsonResult(writer => WritePage(writer, page, total, skip, take));
        }

        var rows = transfers.List().Select(TorrentResource.From);
        if (wanted is { } w)
        {
            var name = w.ToString().ToLowerInvariant();
            rows = rows.Where(r => r.State == name);
        }

        Func<TorrentResource, object?> selector = key.ToLowerInvariant() switch
        {
            "name" => r => r.Name,
            "progress" => r => r.Progress,
            "state" => r => r.State,
            "downloadrate" => r => r.DownloadRate,
            "uploadrate" => r => r.UploadRate,
            "totalbytes" => r => r.TotalBytes,
            _ => r => r.AddedAt,
        };
        var ordered = (descending.Value ? rows.OrderByDescending(selector) : rows.OrderBy(selector)).ThenBy(r => r.InfoHash, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new Page<TorrentResource>([.. ordered.Skip(skip).Take(take)], ordered.Count, skip, take));
    }

    private static void WritePage(System.Buffers.IBufferWriter<byte> writer, List<byte[]> items, int total, int offset, int limit)
    {
        writer.Write("{\"items\":["u8);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(","u8);
            }

            writer.Write(items[i]);
        }

        writer.Write(System.Text.Encoding.UTF8.GetBytes(FormattableString.Invariant($"],\"total\":{total},\"offset\":{offset},\"limit\":{limit}}}")));
    }

    private static Ok<StatsResource> Stats(TransferService transfers)
    {
        var all = transfers.List();
        var byState = all.GroupBy(t => t.Status.State.ToString().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return TypedResults.Ok(new StatsResource(
            all.Count,
            byState,
            all.Sum(t => t.Status.DownloadRate),
            all.Sum(t => t.Status.UploadRate),
            all.Sum(t => t.Status.Peers),
            all.Sum(t => t.Status.DownloadedBytes),
            all.Sum(t => t.Status.UploadedBytes)));
    }
}
