using ModularTorrent.BitTorrent.WebSeeds;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Torrents;

/// <summary>Web seeds (BEP 19): one fetch loop per seed URL while downloading, feeding verified pieces next to the peers.</summary>
public sealed partial class Torrent : IWebSeedHost
{
    private readonly List<Task> _webSeedRuns = [];
    private WebSeedScheduler? _webSeeds;
    private CancellationTokenSource? _webSeedCts;

    /// <summary>Starts one loop per web seed when there is something to download and none runs yet.</summary>
    private void StartWebSeeds()
    {
        if (Metainfo.WebSeeds.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_state != TransferState.Downloading || _webSeedCts is not null || _cts.IsCancellationRequested)
            {
                return;
            }

            // Created once so a seed dropped for bad data stays dropped for the torrent's life (pause/resume included).
            _webSeeds ??= new WebSeedScheduler(Metainfo.PieceCount, Clock);
            _webSeedCts = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
            var token = _webSeedCts.Token;
            foreach (var url in Metainfo.WebSeeds)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    Log(PluginLogLevel.Warning, $"Web seed '{url}' is not an absolute URL; skipped.");
                    continue;
                }

                WebSeedPeer peer;
                try
                {
                    peer = new WebSeedPeer(new WebSeedClient(uri, Metainfo, _engine.WebSeedHttp, Clock), _webSeeds, Clock);
                }
                catch (ArgumentException ex)
                {
                    Log(PluginLogLevel.Warning, $"Web seed '{url}' skipped: {ex.Message}");
                    continue;
                }

                _webSeedRuns.Add(Task.Run(() => RunWebSeedAsync(peer, token)));
            }
        }
    }

    private async Task RunWebSeedAsync(WebSeedPeer peer, CancellationToken token)
    {
        try
        {
            await peer.RunAsync(this, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log(PluginLogLevel.Warning, $"Web seed {peer.Url} stopped on an unexpected error: {ex.Message}", ex);
        }
    }

    /// <summary>Cancels the web seed loops (pause, stop, download finished); they release their claims as they end.</summary>
    private Task StopWebSeeds()
    {
        CancellationTokenSource? cts;
        Task[] runs;
        lock (_lock)
        {
            cts = _webSeedCts;
            _webSeedCts = null;
            runs = [.. _webSeedRuns];
            _webSeedRuns.Clear();
        }

        if (cts is null)
        {
            return Task.CompletedTask;
        }

        cts.Cancel();
        return Task.WhenAll(runs).ContinueWith(_ => cts.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    int IWebSeedHost.ReservePiece(WebSeedPeer seed)
    {
        lock (_lock)
        {
            if (_state != TransferState.Downloading || _webSeeds is null)
            {
                return -1;
            }

            var piece = _webSeeds.Pick(seed.Url, _picker.Wanted, _picker.InProgress, _picker.Availability);
            if (piece >= 0)
            {
                // In progress without a Downloads entry: peers (and end game) leave the piece to this seed.
                _picker.InProgress.Set(piece, true);
                _picker.EverRequested.Set(piece, true);
            }

            return piece;
        }
    }

    ValueTask IWebSeedHost.ThrottleAsync(WebSeedPeer seed, int bytes, CancellationToken cancellationToken) =>
        ThrottleDownloadAsync(bytes, cancellationToken);

    ValueTask IWebSeedHost.StoreVerifiedPieceAsync(WebSeedPeer seed, int piece, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            _storage.Write((long)piece * Metainfo.PieceLength, data.Span);
        }
        catch (IOException ex)
        {
            Fail($"Writing piece {piece} failed: {ex.Message}");
            throw;
        }

        _downloadRate.Add(data.Length);
        lock (_lock)
        {
            _picker.InProgress.Set(piece, false);
        }

        OnPieceVerified(piece, data.Length);
        return ValueTask.CompletedTask;
    }

    void IWebSeedHost.ReleasePiece(WebSeedPeer seed, WebSeedResult result)
    {
        lock (_lock)
        {
            _picker.InProgress.Set(result.Piece, _picker.Downloads.ContainsKey(result.Piece));
            if (result.Outcome == WebSeedOutcome.HashFailed)
            {
                _wastedBytes += result.Length;
            }

            foreach (var peer in _peers)
            {
                FillRequests(peer);
            }
        }

        if (result.Outcome == WebSeedOutcome.HashFailed)
        {
            Log(PluginLogLevel.Warning, $"Piece {result.Piece} from web seed {seed.Url} failed its hash check.");
            Publish(new PieceFailed(Id, result.Piece, [seed.Url.AbsoluteUri]) { Timestamp = Now });
        }
        else if (result.Outcome == WebSeedOutcome.Failed && result.Error is { } error)
        {
            Log(PluginLogLevel.Debug, $"Web seed {seed.Url}: piece {result.Piece} failed ({error.Kind}): {error.Message}");
        }
    }

    void IWebSeedHost.OnDropped(WebSeedPeer seed, string reason) =>
        Log(PluginLogLevel.Warning, $"Web seed {seed.Url} dropped: {reason}");
}
