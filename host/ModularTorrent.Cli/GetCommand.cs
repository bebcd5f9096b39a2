using System.Globalization;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Cli;

/// <summary><c>mt get SOURCE -o DIR</c>: downloads a torrent (from a .torrent or a magnet link) and exits once every piece is verified.</summary>
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
        await using var session = await TransferSession.StartAsync(arguments, directory, allowMagnet: true, environment, interrupt);
        foreach (var line in session.DescribeDiscovery())
        {
            environment.WriteLine(line);
        }

        if (session.Magnet is { } magnet)
        {
            environment.WriteLine($"Fetching the metadata of {magnet.DisplayName ?? magnet.InfoHash.ToHex()} from peers (BEP 9)");
            var (fetched, fetchStatus) = await session.FetchMetadataAsync(environment, deadline.Token, interrupt);
            if (fetched != TransferOutcome.Complete)
            {
                return FailMetadata(fetched, fetchStatus, arguments, environment);
            }
        }

        var metainfo = session.Metainfo;
        environment.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Getting {metainfo.Name} ({ByteSize.Format(metainfo.TotalLength)}, {metainfo.PieceCount} pieces) into {directory}"));
        var (outcome, status) = await ProgressDisplay.RunAsync(environment, session.Torrent, untilComplete: true, deadline.Token, interrupt);
        if (outcome != TransferOutcome.Complete)
        {
            return Fail(outcome, status, arguments, environment);
        }

        var elapsed = environment.Clock.GetElapsedTime(started);
        environment.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Done: all {metainfo.PieceCount} pieces of {metainfo.Name} verified in {elapsed.TotalSeconds:0.0} s."));
        return ExitCodes.Success;
    }

    /// <summary>Reports a download that did not complete and picks its exit code.</summary>
    private static int Fail(TransferOutcome outcome, TransferStatus status, TransferArguments arguments, CliEnvironment environment)
    {
        var done = string.Create(CultureInfo.InvariantCulture, $"{status.Progress * 100:0.0}% verified, {status.Peers} peers connected");
        switch (outcome)
        {
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

    /// <summary>Reports a magnet download that ended before its metadata arrived (nothing was written yet).</summary>
    private static int FailMetadata(TransferOutcome outcome, TransferStatus status, TransferArguments arguments, CliEnvironment environment)
    {
        switch (outcome)
        {
            case TransferOutcome.Failed:
                environment.Error.WriteLine($"mt: fetching the metadata failed: {status.Error ?? "unknown error"}.");
                return ExitCodes.TransferFailed;
            case TransferOutcome.TimedOut:
                environment.Error.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"mt: timed out after {arguments.MaxTime!.Value.TotalSeconds:0.###} s while fetching the metadata: no peer has sent it. Check that the swarm is reachable (--peer, --dht-bootstrap, --lsd, the link's tr and x.pe)."));
                return ExitCodes.TimedOut;
            default:
                environment.Error.WriteLine("mt: interrupted while fetching the metadata; nothing was downloaded.");
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
