using ModularTorrent.BitTorrent.Torrents;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Cli;

/// <summary>Polls a torrent's status until it completes, fails, times out or is interrupted.</summary>
public static class TransferWatcher
{
    /// <summary>How often the status is read (and the progress display refreshed).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits for the torrent.</summary>
    /// <param name="torrent">The torrent.</param>
    /// <param name="onStatus">Called with every status read.</param>
    /// <param name="untilComplete">False to keep waiting after completion (seeding until stopped).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="deadline">Cancelled when <c>--max-time</c> runs out.</param>
    /// <param name="interrupt">Cancelled by Ctrl+C or SIGTERM.</param>
    /// <returns>How it ended and the last status.</returns>
    public static async Task<(TransferOutcome Outcome, TransferStatus Status)> WaitAsync(
        Torrent torrent,
        Action<TransferStatus> onStatus,
        bool untilComplete,
        TimeProvider clock,
        CancellationToken deadline,
        CancellationToken interrupt)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentNullException.ThrowIfNull(onStatus);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline, interrupt);
        while (true)
        {
            var status = torrent.GetStatus();
            onStatus(status);
            if (status.State == TransferState.Error)
            {
                return (TransferOutcome.Failed, status);
            }

            if (untilComplete && IsComplete(status))
            {
                return (TransferOutcome.Complete, status);
            }

            try
            {
                await Task.Delay(PollInterval, clock, either.Token);
            }
            catch (OperationCanceledException)
            {
                var last = torrent.GetStatus();
                onStatus(last);
                if (untilComplete && IsComplete(last))
                {
                    return (TransferOutcome.Complete, last);
                }

                return (interrupt.IsCancellationRequested ? TransferOutcome.Interrupted : TransferOutcome.TimedOut, last);
            }
        }
    }

    /// <summary>Every piece verified: the torrent moved on to seeding with all its bytes checked.</summary>
    /// <param name="status">A status.</param>
    public static bool IsComplete(TransferStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.State == TransferState.Seeding && status.VerifiedBytes == status.TotalBytes;
    }
}
