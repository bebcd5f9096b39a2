using System.Buffers;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Storage;

namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>
/// A web seed as a source of verified pieces: fetches with a <see cref="WebSeedClient"/>, checks the SHA-1 against
/// the metainfo, and reports every result to the torrent's <see cref="WebSeedScheduler"/>.
/// Use <see cref="TryFetchAsync"/> for one piece, or <see cref="RunAsync"/> to keep feeding an <see cref="IWebSeedHost"/>.
/// </summary>
public sealed class WebSeedPeer
{
    private readonly TimeProvider _clock;
    private readonly FileMap _map;

    /// <summary>Creates the adapter; registers the seed with <paramref name="scheduler"/>.</summary>
    public WebSeedPeer(WebSeedClient client, WebSeedScheduler scheduler, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(clock);
        if (scheduler.PieceCount != client.Metainfo.PieceCount)
        {
            throw new ArgumentException("The scheduler is for a torrent with a different number of pieces.", nameof(scheduler));
        }

        Client = client;
        Scheduler = scheduler;
        _clock = clock;
        _map = new FileMap(client.Metainfo.Files);
        scheduler.Add(client.Url);
    }

    /// <summary>The web seed URL.</summary>
    public Uri Url => Client.Url;

    /// <summary>The HTTP side.</summary>
    public WebSeedClient Client { get; }

    /// <summary>The torrent's scheduler this seed reports to.</summary>
    public WebSeedScheduler Scheduler { get; }

    private TorrentMetainfo Metainfo => Client.Metainfo;

    /// <summary>
    /// Fetches piece <paramref name="piece"/> (which the caller claimed with <see cref="WebSeedScheduler.Pick"/>) into
    /// <paramref name="buffer"/>, verifies it, and reports the result to the scheduler (which ends the claim).
    /// Never throws for server misbehaviour: that is in the result.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the claim is released first).</exception>
    public async Task<WebSeedResult> TryFetchAsync(int piece, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var length = Metainfo.GetPieceLength(piece);
        try
        {
            await Client.FetchPieceAsync(piece, buffer, cancellationToken);
        }
        catch (WebSeedException ex)
        {
            var (first, last) = ex.Kind == WebSeedErrorKind.NotFound && ex.FileIndex is { } file
                ? _map.PiecesOfFile(file, Metainfo.PieceLength)
                : (piece, piece);
            return new WebSeedResult(piece, WebSeedOutcome.Failed, Scheduler.ReportError(Url, piece, ex, first, last), length, ex);
        }
        catch
        {
            // Cancellation, or a bug (bad buffer): give the claim back without judging the seed.
            Scheduler.Release(Url, piece);
            throw;
        }

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(buffer.Span[..length], hash);
        return hash.SequenceEqual(Metainfo.GetPieceHash(piece))
            ? new WebSeedResult(piece, WebSeedOutcome.Verified, Scheduler.ReportVerified(Url, piece), length)
            : new WebSeedResult(piece, WebSeedOutcome.HashFailed, Scheduler.ReportHashFailed(Url, piece), length);
    }

    /// <summary>
    /// Feeds <paramref name="host"/> until <paramref name="cancellationToken"/> fires or the seed is dropped: reserve a
    /// piece, wait for the rate limit, fetch and verify it, store it or release it; waits out back-offs and idles
    /// <see cref="WebSeedSchedulerOptions.IdleDelay"/> when there is nothing to fetch. One pooled piece buffer per run.
    /// </summary>
    /// <returns>Completes normally on cancellation or drop; exceptions from the host propagate.</returns>
    public async Task RunAsync(IWebSeedHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var buffer = ArrayPool<byte>.Shared.Rent(Metainfo.PieceLength);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (Scheduler.GetDropReason(Url) is { } reason)
                {
                    host.OnDropped(this, reason);
                    return;
                }

                var delay = Scheduler.GetDelay(Url);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _clock, cancellationToken);
                    continue;
                }

                var piece = host.ReservePiece(this);
                if (piece < 0)
                {
                    await Task.Delay(Scheduler.Options.IdleDelay, _clock, cancellationToken);
                    continue;
                }

                await FetchOneAsync(host, piece, buffer, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task FetchOneAsync(IWebSeedHost host, int piece, byte[] buffer, CancellationToken cancellationToken)
    {
        WebSeedResult result;
        try
        {
            await host.ThrottleAsync(this, Metainfo.GetPieceLength(piece), cancellationToken);
        }
        catch
        {
            // Not fetched at all: the claim goes back to the scheduler too.
            Scheduler.Release(Url, piece);
            host.ReleasePiece(this, new WebSeedResult(piece, WebSeedOutcome.Cancelled, WebSeedVerdict.Continue, 0));
            throw;
        }

        try
        {
            result = await TryFetchAsync(piece, buffer, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            host.ReleasePiece(this, new WebSeedResult(piece, WebSeedOutcome.Cancelled, WebSeedVerdict.Continue, 0));
            throw;
        }
        catch
        {
            host.ReleasePiece(this, new WebSeedResult(piece, WebSeedOutcome.Failed, WebSeedVerdict.Continue, 0));
            throw;
        }

        if (result.Outcome != WebSeedOutcome.Verified)
        {
            host.ReleasePiece(this, result);
            return;
        }

        var stored = false;
        try
        {
            await host.StoreVerifiedPieceAsync(this, piece, buffer.AsMemory(0, result.Length), cancellationToken);
            stored = true;
        }
        finally
        {
            if (!stored)
            {
                host.ReleasePiece(this, result with { Outcome = WebSeedOutcome.Cancelled });
            }
        }
    }
}
