using System.Globalization;

namespace ModularTorrent.Cli;

/// <summary><c>mt get SOURCE -o DIR</c>: downloads a torrent and exits once every piece is verified.</summary>
public static class GetCommand
{
    /// <summary>Runs the download.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <param name="environment">Console and clock.</param>
    /// <param name="interrupt">Cancelled by Ctrl+C or SIGTERM.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RunAsync(TransferArguments arguments, CliEnvironment environment, CancellationToken interrupt)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var directory = CreateDirectory(arguments.Directory);
        var started = environment.Clock.GetTimestamp();
        using var deadline = arguments.MaxTime is { } maxTime ? new CancellationTokenSource(maxTime, environment.Clock) : new CancellationTokenSource();
        await using var session = await TransferSession.StartAsync(arguments, directory, environment, interrupt);
        var metainfo = session.Metainfo;
        environment.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Getting {metainfo.Name} ({ByteSize.Format(metainfo.TotalLength)}, {metainfo.PieceCount} pieces) into {directory}"));
        var (outcome, status) = await ProgressDisplay.RunAsync(environment, session.Torrent, untilComplete: true, deadline.Token, interrupt);
        var elapsed = environment.Clock.GetElapsedTime(started);
        var done = string.Create(CultureInfo.InvariantCulture, $"{status.Progress * 100:0.0}% verified, {status.Peers} peers connected");
        switch (outcome)
        {
            case TransferOutcome.Complete:
                environment.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Done: all {metainfo.PieceCount} pieces of {metainfo.Name} verified in {elapsed.TotalSeconds:0.0} s."));
                return ExitCodes.Success;
            case TransferOutcome.Failed:
                environment.Error.WriteLine($"mt: the download failed: {status.Error ?? "unknown error"} ({done}).");
                return ExitCodes.TransferFailed;
            case TransferOutcome.TimedOut:
                environment.Error.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"mt: timed out after {arguments.MaxTime!.Value.TotalSeconds:0.###} s with {done}. Verified pieces are kept; run again to resume."));
                return ExitCodes.TimedOut;
            default:
                environment.Error.WriteLine($"mt: interrupted with {done}. Verified pieces are kept; run again to resume.");
                return ExitCodes.Interrupted;
        }
    }

    private static string CreateDirectory(string path)
    {
        try
        {
            return Directory.CreateDirectory(Path.GetFullPath(path)).FullName;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"Cannot create the output folder '{path}': {ex.Message}");
        }
    }
}
