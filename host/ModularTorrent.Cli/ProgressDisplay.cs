using System.Globalization;
using ModularTorrent.BitTorrent.Torrents;
using ModularTorrent.Sdk.Protocols;
using Spectre.Console;

namespace ModularTorrent.Cli;

/// <summary>
/// Shows a transfer while <see cref="TransferWatcher"/> waits on it: a live progress bar on a
/// terminal, or a plain line every few seconds when the output is a pipe or a file (CI logs).
/// </summary>
public static class ProgressDisplay
{
    private static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(2);

    /// <summary>Runs <see cref="TransferWatcher.WaitAsync"/> with a display.</summary>
    /// <param name="environment">The console.</param>
    /// <param name="torrent">The torrent.</param>
    /// <param name="untilComplete">Stop at completion (get) or run until stopped (seed).</param>
    /// <param name="deadline">Cancelled when <c>--max-time</c> runs out.</param>
    /// <param name="interrupt">Cancelled by Ctrl+C.</param>
    /// <returns>How it ended and the last status.</returns>
    public static Task<(TransferOutcome Outcome, TransferStatus Status)> RunAsync(
        CliEnvironment environment, Torrent torrent, bool untilComplete, CancellationToken deadline, CancellationToken interrupt)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(torrent);
        return environment.Interactive
            ? RunLiveAsync(environment, torrent, untilComplete, deadline, interrupt)
            : RunPlainAsync(environment, torrent, untilComplete, deadline, interrupt);
    }

    /// <summary>One line describing a status, as the plain display prints it.</summary>
    /// <param name="status">The status.</param>
    public static string Describe(TransferStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{State(status.State),-11} {status.Progress * 100,5:0.0}%  {ByteSize.Format(status.VerifiedBytes)} of {ByteSize.Format(status.TotalBytes)}  peers {status.Peers}  down {ByteSize.Format(status.DownloadRate)}/s  up {ByteSize.Format(status.UploadRate)}/s  uploaded {ByteSize.Format(status.UploadedBytes)}");
    }

    private static string State(TransferState state) => state.ToString().ToLowerInvariant();

    private static async Task<(TransferOutcome, TransferStatus)> RunPlainAsync(
        CliEnvironment environment, Torrent torrent, bool untilComplete, CancellationToken deadline, CancellationToken interrupt)
    {
        var lastLine = DateTimeOffset.MinValue;
        string? lastText = null;
        var result = await TransferWatcher.WaitAsync(
            torrent,
            status =>
            {
                var now = environment.Clock.GetUtcNow();
                var text = Describe(status);
                if (now - lastLine >= PlainLineInterval && text != lastText)
                {
                    environment.WriteLine(text);
                    lastLine = now;
                    lastText = text;
                }
            },
            untilComplete,
            environment.Clock,
            deadline,
            interrupt);
        environment.WriteLine(Describe(result.Status));
        return result;
    }

    private static async Task<(TransferOutcome, TransferStatus)> RunLiveAsync(
        CliEnvironment environment, Torrent torrent, bool untilComplete, CancellationToken deadline, CancellationToken interrupt)
    {
        (TransferOutcome, TransferStatus) result = default;
        await environment.Out.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(torrent.Name), maxValue: Math.Max(1, torrent.Metainfo.TotalLength));
                result = await TransferWatcher.WaitAsync(
                    torrent,
                    status =>
                    {
                        task.Value = status.TotalBytes == 0 ? 1 : status.VerifiedBytes;
                        task.Description = Markup.Escape(
                            string.Create(CultureInfo.InvariantCulture, $"{torrent.Name} [{State(status.State)}, {status.Peers} peer{(status.Peers == 1 ? string.Empty : "s")}, up {ByteSize.Format(status.UploadedBytes)}]"));
                    },
                    untilComplete,
                    environment.Clock,
                    deadline,
                    interrupt);
                task.StopTask();
            });
        return result;
    }
}
