using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace ModularTorrent.Cli.Remote;

/// <summary>
/// <c>mt watch [INFOHASH...]</c>: live progress of torrents on the host, fed by the event stream;
/// exits 0 once every watched torrent has completed, 1 when one is removed or fails, 3 on
/// <c>--max-time</c>, 130 on Ctrl+C.
/// </summary>
public static class WatchCommand
{
    private static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(2);

    /// <summary>Runs the watch.</summary>
    /// <param name="connection">The host and key.</param>
    /// <param name="infoHashes">The torrents to watch; empty watches every torrent on the host now.</param>
    /// <param name="maxTime">Give up after this long, or null.</param>
    /// <param name="environment">Console and clock.</param>
    /// <param name="interrupt">Ctrl+C.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RunAsync(RemoteConnection connection, IReadOnlyList<string> infoHashes, TimeSpan? maxTime, CliEnvironment environment, CancellationToken interrupt)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(infoHashes);
        ArgumentNullException.ThrowIfNull(environment);
        using var deadline = maxTime is { } max ? new CancellationTokenSource(max, environment.Clock) : new CancellationTokenSource();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, interrupt);
        try
        {
            var ids = await ResolveAsync(connection, infoHashes, either.Token);
            if (ids.Count == 0)
            {
                environment.WriteLine("No torrents on the host to watch.");
                return ExitCodes.Success;
            }

            var board = new WatchBoard(ids);
            await using var stream = await EventStream.ConnectAsync(connection, ids, either.Token);
            var closed = environment.Interactive
                ? await RunLiveAsync(connection, stream, board, environment, either.Token)
                : await RunPlainAsync(connection, stream, board, environment, either.Token);
            return Conclude(board, closed, connection, environment);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !interrupt.IsCancellationRequested)
        {
            environment.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"mt: timed out after {maxTime!.Value.TotalSeconds:0.###} s before every watched torrent completed."));
            return ExitCodes.TimedOut;
        }
    }

    // The given info-hashes are checked over REST first, so a typo or a bad key gets the API's own problem.
    private static async Task<IReadOnlyList<string>> ResolveAsync(RemoteConnection connection, IReadOnlyList<string> infoHashes, CancellationToken token)
    {
        using var client = new MtApiClient(connection);
        if (infoHashes.Count > 0)
        {
            var ids = new List<string>(infoHashes.Count);
            foreach (var hash in infoHashes)
            {
                ids.Add((await client.GetAsync(hash, token)).InfoHash);
            }

            return ids;
        }

        var (page, _) = await client.ListAsync(null, null, descending: false, limit: 500, token);
        return [.. page.Items.Select(t => t.InfoHash)];
    }

    // Reads until every torrent is finished; returns whether the host closed the stream first.
    private static async Task<bool> PumpAsync(RemoteConnection connection, EventStream stream, WatchBoard board, Action onChange, CancellationToken token)
    {
        while (!board.AllFinished || !await ConfirmAsync(connection, board, token))
        {
            var message = await stream.ReceiveAsync(token);
            if (message is not { } bytes)
            {
                return true;
            }

            if (bytes.IsEmpty)
            {
                continue;
            }

            try
            {
                if (board.Handle(bytes))
                {
                    onChange();
                }
            }
            catch (JsonException)
            {
                throw new CliException(ExitCodes.TransferFailed, $"the event stream sent something that is not JSON: {EventStream.Preview(bytes)}");
            }
        }

        return false;
    }

    // The engine's completion event can reach the stream a moment before its status says so (seen as
    // "downloading 93%" over REST right after "seeding" on the stream), so completion is confirmed
    // over REST before exiting; a torrent not yet complete there is reset from REST and watched on.
    private static async Task<bool> ConfirmAsync(RemoteConnection connection, WatchBoard board, CancellationToken token)
    {
        using var client = new MtApiClient(connection);
        var confirmed = true;
        foreach (var torrent in board.Torrents.Where(t => t.Completed && !t.Confirmed))
        {
            var current = await client.GetJsonAsync(torrent.Id, token);
            var state = current.TryGetProperty("state", out var s) ? s.GetString() : null;
            var completedAt = current.TryGetProperty("completedAt", out var c) && c.ValueKind == JsonValueKind.String;
            if (state == "seeding" || (completedAt && state is not ("downloading" or "checking" or "metadata")))
            {
                torrent.Confirm(current);
            }
            else
            {
                torrent.Reset(current);
                confirmed = false;
            }
        }

        return confirmed;
    }

    private static async Task<bool> RunPlainAsync(RemoteConnection connection, EventStream stream, WatchBoard board, CliEnvironment environment, CancellationToken token)
    {
        var last = new Dictionary<string, (DateTimeOffset At, string Text)>(StringComparer.Ordinal);
        var closed = await PumpAsync(
            connection,
            stream,
            board,
            () =>
            {
                var now = environment.Clock.GetUtcNow();
                foreach (var torrent in board.Torrents)
                {
                    var text = torrent.Describe();
                    var previous = last.GetValueOrDefault(torrent.Id, (At: DateTimeOffset.MinValue, Text: string.Empty));
                    if (text != previous.Text && (now - previous.At >= PlainLineInterval || torrent.Finished))
                    {
                        environment.WriteLine(text);
                        last[torrent.Id] = (now, text);
                    }
                }
            },
            token);
        return closed;
    }

    private static async Task<bool> RunLiveAsync(RemoteConnection connection, EventStream stream, WatchBoard board, CliEnvironment environment, CancellationToken token)
    {
        var closed = false;
        await environment.Out.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            // Rates come from the host, not from Spectre's own speed column: the first snapshot would read as a burst.
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = board.Torrents.ToDictionary(t => t.Id, t => context.AddTask(Markup.Escape(t.Name), maxValue: 1), StringComparer.Ordinal);
                closed = await PumpAsync(
                    connection,
                    stream,
                    board,
                    () =>
                    {
                        foreach (var torrent in board.Torrents)
                        {
                            var task = tasks[torrent.Id];
                            task.MaxValue = Math.Max(1, torrent.TotalBytes);
                            task.Value = torrent.TotalBytes == 0 ? (torrent.Completed ? 1 : 0) : torrent.VerifiedBytes;
                            task.Description = Markup.Escape(string.Create(
                                CultureInfo.InvariantCulture,
                                $"{torrent.Name} [{torrent.State}, {torrent.Peers} peer{(torrent.Peers == 1 ? string.Empty : "s")}, down {ByteSize.Format(torrent.DownloadRate)}/s, up {ByteSize.Format(torrent.UploadRate)}/s]"));
                            if (torrent.Finished)
                            {
                                task.StopTask();
                            }
                        }
                    },
                    token);
            });
        return closed;
    }

    private static int Conclude(WatchBoard board, bool closed, RemoteConnection connection, CliEnvironment environment)
    {
        if (closed)
        {
            var done = board.Torrents.Count(t => t.Completed);
            environment.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"mt: the host at {connection.Display} closed the event stream ({done} of {board.Torrents.Count} watched torrents completed)."));
            return ExitCodes.TransferFailed;
        }

        var code = ExitCodes.Success;
        foreach (var torrent in board.Torrents)
        {
            if (torrent.Completed)
            {
                environment.WriteLine($"Completed: {torrent.Name} ({torrent.Id})");
            }
            else if (torrent.Removed)
            {
                environment.Error.WriteLine($"mt: {torrent.Name} ({torrent.Id}) was removed from the host before it completed.");
                code = ExitCodes.TransferFailed;
            }
            else
            {
                environment.Error.WriteLine($"mt: {torrent.Name} ({torrent.Id}) failed: {torrent.Error ?? "unknown error"}.");
                code = ExitCodes.TransferFailed;
            }
        }

        return code;
    }
}
