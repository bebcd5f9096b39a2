using System.Globalization;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Cli;

/// <summary><c>mt seed TORRENT DIR</c>: checks the data in DIR and serves it until stopped.</summary>
public static class SeedCommand
{
    /// <summary>Runs the seeder.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <param name="environment">Console and clock.</param>
    /// <param name="interrupt">Cancelled by Ctrl+C or SIGTERM: the normal way to stop.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RunAsync(TransferArguments arguments, CliEnvironment environment, CancellationToken interrupt)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var directory = Path.GetFullPath(arguments.Directory);
        if (!Directory.Exists(directory))
        {
            throw new CliException($"The data folder '{directory}' does not exist.");
        }

        var started = environment.Clock.GetTimestamp();
        using var deadline = arguments.MaxTime is { } maxTime ? new CancellationTokenSource(maxTime, environment.Clock) : new CancellationTokenSource();
        await using var session = await TransferSession.StartAsync(arguments, directory, allowMagnet: false, environment, interrupt);
        var metainfo = session.Metainfo;
        environment.WriteLine($"Checking {metainfo.Name} in {directory}");
        await session.Torrent.WaitForStartAsync(interrupt);
        var checkedStatus = session.Torrent.GetStatus();
        if (checkedStatus.State == TransferState.Error)
        {
            environment.Error.WriteLine($"mt: cannot seed: {checkedStatus.Error}");
            return ExitCodes.TransferFailed;
        }

        if (checkedStatus.VerifiedBytes < checkedStatus.TotalBytes)
        {
            environment.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"mt: cannot seed: '{directory}' holds {checkedStatus.Progress * 100:0.0}% of {metainfo.Name} ({ByteSize.Format(checkedStatus.VerifiedBytes)} of {ByteSize.Format(checkedStatus.TotalBytes)} verified); seeding needs the complete data."));
            return ExitCodes.TransferFailed;
        }

        environment.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Seeding {metainfo.Name} ({ByteSize.Format(metainfo.TotalLength)}) on port {session.ListenPort}. Press Ctrl+C to stop."));
        environment.WriteLine($"Magnet: {MagnetLink.FromMetainfo(metainfo)}");
        foreach (var line in session.DescribeDiscovery())
        {
            environment.WriteLine(line);
        }

        var (outcome, status) = await ProgressDisplay.RunAsync(environment, session.Torrent, untilComplete: false, deadline.Token, interrupt);
        var elapsed = environment.Clock.GetElapsedTime(started);
        if (outcome == TransferOutcome.Failed)
        {
            environment.Error.WriteLine($"mt: seeding failed: {status.Error ?? "unknown error"}.");
            return ExitCodes.TransferFailed;
        }

        environment.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Stopped seeding after {elapsed.TotalSeconds:0.0} s; uploaded {ByteSize.Format(status.UploadedBytes)}."));
        return ExitCodes.Success;
    }
}
