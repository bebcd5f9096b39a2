using Microsoft.AspNetCore.Http.HttpResults;
using ModularTorrent.Host.Realtime;
using ModularTorrent.Host.Security;
using ModularTorrent.Runtime.Plugins;
using ModularTorrent.Runtime.Transfers;
using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Payments;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Host.Api;

/// <summary><c>/api/v1/torrents</c> writes: add, create, pause, resume, recheck, reannounce, patch, priorities, delete.</summary>
internal static class TorrentActionEndpoints
{
    public static IEndpointRouteBuilder MapTorrentActionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/torrents").WithTags("Torrents").RequireScope(ApiScope.Operate)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPost("/", AddAsync)
            .WithName("AddTorrent")
            .WithSummary("Adds a torrent: a .torrent upload (multipart field 'torrent') or JSON with one of magnet, url, path.")
            .Accepts<AddTorrentBody>("application/json", "multipart/form-data")
            .Produces<TorrentResource>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .DisableAntiforgery();

        group.MapPost("/create", CreateAsync)
            .WithName("CreateTorrent")
            .WithSummary("Makes a .torrent from a local file or folder and starts seeding it.")
            .Produces<CreatedTorrent>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        MapAction(group, "pause", (t, id, ct) => t.PauseAsync(id, ct));
        MapAction(group, "resume", (t, id, ct) => t.ResumeAsync(id, ct));
        MapAction(group, "recheck", (t, id, ct) => t.RecheckAsync(id, ct));
        MapAction(group, "reannounce", (t, id, ct) => t.ReannounceAsync(id, ct));

        group.MapPatch("/{infoHash}", UpdateAsync)
            .WithName("UpdateTorrent").WithSummary("Changes the selection policy and/or rate limits while the torrent runs.")
            .Produces<TorrentResource>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPatch("/{infoHash}/files", (string infoHash, FilePrioritiesBody body, TransferService transfers) =>
            {
                var parsed = ParsePriorities(body.Priorities, "priorities", out var error);
                return error ?? TorrentEndpoints.WithTorrent(infoHash, () => TypedResults.Ok(transfers.SetFilePriorities(infoHash, parsed!)));
            })
            .WithName("SetFilePriorities").Produces<IReadOnlyList<TransferFile>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{infoHash}", async (string infoHash, bool? deleteData, TransferService transfers, TorrentResourceCache cache, CancellationToken ct) =>
            {
                if (!TorrentErrors.IsInfoHash(infoHash))
                {
                    return TorrentErrors.BadInfoHash(infoHash);
                }

                return await TorrentErrors.GuardAsync(async () =>
                {
                    await transfers.RemoveAsync(infoHash, deleteData ?? false, ct);
                    cache.Remove(infoHash.ToLowerInvariant());
                    return TypedResults.NoContent();
                });
            })
            .WithName("RemoveTorrent").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static void MapAction(RouteGroupBuilder group, string action, Func<TransferService, string, CancellationToken, Task<TransferSnapshot>> run)
    {
        group.MapPost($"/{{infoHash}}/{action}", async (string infoHash, TransferService transfers, TorrentResourceCache cache, CancellationToken ct) =>
                !TorrentErrors.IsInfoHash(infoHash)
                    ? TorrentErrors.BadInfoHash(infoHash)
                    : await TorrentErrors.GuardAsync(async () => TypedResults.Ok(cache.Update(await run(transfers, infoHash, ct)))))
            .WithName($"{char.ToUpperInvariant(action[0])}{action[1..]}Torrent")
            .Produces<TorrentResource>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> AddAsync(HttpRequest request, TransferService transfers, ExtensionRegistry registry, CancellationToken ct)
    {
        AddTorrentBody body;
        TransferSource source;
        string sourceField;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("torrent");
            if (file is null || file.Length == 0)
            {
                return Problems.Validation("torrent", "Upload the .torrent file in the multipart field 'torrent'.");
            }

            if (file.Length > 16 * 1024 * 1024)
            {
                return Problems.Validation("torrent", "A .torrent file may be at most 16 MiB.");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            source = TransferSource.FromContent(buffer.ToArray());
            sourceField = "torrent";
            body = new AddTorrentBody(null, null, null, form["savePath"], form["selectionPolicy"], bool.TryParse(form["startPaused"], out var paused) && paused, null, null, form["paymentStrategy"], [.. form["peers"].Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!)]);
        }
        else
        {
            AddTorrentBody? parsed;
            try
            {
                parsed = await request.ReadFromJsonAsync<AddTorrentBody>(ct);
            }
            catch (System.Text.Json.JsonException ex)
            {
                return Problems.Validation("body", $"Not valid JSON for a torrent request: {ex.Message}");
            }
            catch (InvalidOperationException)
            {
                return Problems.Validation("body", "Send JSON (application/json) or a multipart upload with the field 'torrent'.");
            }

            if (parsed is null)
            {
                return Problems.Validation("body", "The body is empty.");
            }

            body = parsed;
            var given = new[] { ("magnet", body.Magnet), ("url", body.Url), ("path", body.Path) }.Where(p => !string.IsNullOrWhiteSpace(p.Item2)).ToList();
            if (given.Count != 1)
            {
                return Problems.Validation("magnet", given.Count == 0 ? "Give one of magnet, url or path." : $"Give only one of magnet, url or path (got {string.Join(", ", given.Select(g => g.Item1))}).");
            }

            (sourceField, var value) = given[0];
            switch (sourceField)
            {
                case "magnet" when MagnetCheck.Problem(value!) is { } problem:
                    return Problems.Validation("magnet", problem);
                case "url" when !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"):
                    return Problems.Validation("url", "Give an absolute http or https URL of a .torrent file.");
                case "path" when !Path.IsPathFullyQualified(value!):
                    return Problems.Validation("path", "Give an absolute path of a .torrent file on the host.");
            }

            source = sourceField == "path" ? TransferSource.FromFile(value!) : TransferSource.FromUri(value!);
        }

        if (body.SelectionPolicy is { Length: > 0 } policy && registry.Find<IPieceSelectionPolicy>(policy) is null)
        {
            return Problems.Validation("selectionPolicy", $"No piece-selection policy named '{policy}' is loaded.");
        }

        if (body.PaymentStrategy is { Length: > 0 } strategy && registry.Find<IPaymentStrategy>(strategy) is null)
        {
            return Problems.Validation("paymentStrategy", $"No payment strategy named '{strategy}' is loaded.");
        }

        if (body.SavePath is { Length: > 0 } savePath && !Path.IsPathFullyQualified(savePath))
        {
            return Problems.Validation("savePath", "Give an absolute folder path.");
        }

        var priorities = ParsePriorities(body.FilePriorities, "filePriorities", out var priorityError);
        if (priorityError is not null)
        {
            return priorityError;
        }

        var limits = ParseLimits(body.Limits, out var limitsError);
        if (limitsError is not null)
        {
            return limitsError;
        }

        return await TorrentErrors.GuardAsync(
            async () =>
            {
                var added = await transfers.AddAsync(
                    new AddTransferRequest(source)
                    {
                        SavePath = string.IsNullOrWhiteSpace(body.SavePath) ? null : body.SavePath,
                        SelectionPolicy = string.IsNullOrWhiteSpace(body.SelectionPolicy) ? null : body.SelectionPolicy,
                        StartPaused = body.StartPaused,
                        FilePriorities = priorities,
                        Limits = limits,
                        PaymentStrategy = string.IsNullOrWhiteSpace(body.PaymentStrategy) ? null : body.PaymentStrategy,
                        Peers = body.Peers ?? [],
                    },
                    ct);
                var resource = TorrentResource.From(added);
                return TypedResults.Created($"/api/v1/torrents/{resource.InfoHash}", resource);
            },
            sourceField);
    }

    private static async Task<IResult> CreateAsync(CreateTorrentBody body, TransferService transfers, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Path) || !Path.IsPathFullyQualified(body.Path))
        {
            return Problems.Validation("path", "Give the absolute path of a file or folder on the host.");
        }

        if (!File.Exists(body.Path) && !Directory.Exists(body.Path))
        {
            return Problems.Validation("path", $"'{body.Path}' does not exist.");
        }

        if (body.PieceLength is { } length && (length < 16 * 1024 || length > 16 * 1024 * 1024 || (length & (length - 1)) != 0))
        {
            return Problems.Validation("pieceLength", "A power of two from 16 KiB to 16 MiB.");
        }

        return await TorrentErrors.GuardAsync(async () =>
        {
            var (transfer, seed) = await transfers.SeedAsync(
                "bittorrent",
                new SeedRequest(body.Path)
                {
                    Trackers = body.Trackers ?? [],
                    WebSeeds = body.WebSeeds ?? [],
                    PieceLength = body.PieceLength,
                    Private = body.Private,
                    Comment = body.Comment,
                },
                ct);
            var resource = TorrentResource.From(transfer);
            var metainfo = seed.Metainfo is { } m ? Convert.ToBase64String(m.Span) : null;
            return TypedResults.Created($"/api/v1/torrents/{resource.InfoHash}", new CreatedTorrent(resource, seed.ShareableId, metainfo));
        });
    }

    private static async Task<IResult> UpdateAsync(string infoHash, UpdateTorrentBody body, TransferService transfers, TorrentResourceCache cache, ExtensionRegistry registry, CancellationToken ct)
    {
        if (!TorrentErrors.IsInfoHash(infoHash))
        {
            return TorrentErrors.BadInfoHash(infoHash);
        }

        if (body.SelectionPolicy is { } policy && registry.Find<IPieceSelectionPolicy>(policy) is null)
        {
            return Problems.Validation("selectionPolicy", $"No piece-selection policy named '{policy}' is loaded.");
        }

        var limits = ParseLimits(body.Limits, out var limitsError);
        if (limitsError is not null)
        {
            return limitsError;
        }

        return await TorrentErrors.GuardAsync(async () => TypedResults.Ok(cache.Update(await transfers.UpdateAsync(infoHash, body.SelectionPolicy, limits, ct))));
    }

    private static RateLimits? ParseLimits(LimitsBody? body, out IResult? error)
    {
        error = null;
        if (body is null)
        {
            return null;
        }

        if (body.DownloadBytesPerSecond < 0)
        {
            error = Problems.Validation("limits.downloadBytesPerSecond", "Must be 0 (unlimited) or more.");
            return null;
        }

        if (body.UploadBytesPerSecond < 0)
        {
            error = Problems.Validation("limits.uploadBytesPerSecond", "Must be 0 (unlimited) or more.");
            return null;
        }

        return new RateLimits(body.DownloadBytesPerSecond ?? 0, body.UploadBytesPerSecond ?? 0);
    }

    private static Dictionary<int, FilePriority>? ParsePriorities(Dictionary<string, string>? raw, string field, out IResult? error)
    {
        error = null;
        if (raw is null)
        {
            return null;
        }

        var result = new Dictionary<int, FilePriority>();
        foreach (var (key, value) in raw)
        {
            if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                error = Problems.Validation($"{field}.{key}", "Keys are file indexes (0, 1, …).");
                return null;
            }

            if (!Enum.TryParse<FilePriority>(value, ignoreCase: true, out var priority) || !Enum.IsDefined(priority) || int.TryParse(value, out _))
            {
                error = Problems.Validation($"{field}.{key}", $"Unknown priority '{value}': use skip, low, normal or high.");
                return null;
            }

            result[index] = priority;
        }

        return result;
    }
}
