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
    /// <param name="verbose">Write every stream message and each completion check to standard error.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RunAsync(RemoteConnection connection, IReadOnlyList<string> infoHashes, TimeSpan? maxTime, CliEnvironment environment, CancellationToken interrupt, bool verbose = false)
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
            var context = new WatchContext(connection, verbose ? environment.Error : null);
            await using var stream = await EventStream.ConnectAsync(connection, ids, either.Token);
            var closed = environment.Interactive
                ? await RunLiveAsync(context, stream, board, environment, either.Token)
                : await RunPlainAsync(context, stream, board, environment, either.Token);
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
    private static async Task<bool> PumpAsync(WatchContext context, EventStream stream, WatchBoard board, Action onChange, CancellationToken token)
    {
        while (!board.AllFinished)
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

            context.Trace?.WriteLine(System.Text.Encoding.UTF8.GetString(bytes.Span));

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

    private static async Task<bool> RunPlainAsync(WatchContext context, EventStream stream, WatchBoard board, CliEnvironment environment, CancellationToken token)
    {
        var last = new Dictionary<string, (DateTimeOffset At, string Text)>(StringComparer.Ordinal);
        var closed = await PumpAsync(
            context,
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

    private static async Task<bool> RunLiveAsync(WatchContext context, EventStream stream, WatchBoard board, CliEnvironment environment, CancellationToken token)
    {
        var closed = false;
        await environment.Out.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            // Rates come from the host, not from Spectre's own speed column: the first snapshot would read as a burst.
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var tasks = board.Torrents.ToDictionary(t => t.Id, t => progress.AddTask(Markup.Escape(t.Name), maxValue: 1), StringComparer.Ordinal);
                closed = await PumpAsync(
                    context,
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

    /// <summary>What the watch loop needs besides the board: the host, and where to trace with <c>--verbose</c>.</summary>
    private sealed record WatchContext(RemoteConnection Connection, TextWriter? Trace);
}
