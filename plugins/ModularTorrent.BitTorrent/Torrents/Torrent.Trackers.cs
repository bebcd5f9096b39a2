using System.Net;
using ModularTorrent.BitTorrent.Discovery;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Torrents;

public sealed partial class Torrent
{
    private static readonly TimeSpan StoppedAnnounceTimeout = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _reannounce = new(0);
    private TrackerManager? _trackers;
    private CancellationTokenSource? _announceCts;
    private bool _startedSent;

    /// <inheritdoc />
    public Task ReannounceAsync(CancellationToken cancellationToken = default)
    {
        if (_trackers is not null && _reannounce.CurrentCount == 0)
        {
            _reannounce.Release();
        }

        return Task.CompletedTask;
    }

    private IReadOnlyList<TransferTracker> GetTrackerStatus() => _trackers?.GetStatus() ?? [];

    private void StartAnnouncing()
    {
        if (_engine.Lsd is { } lsd && !Metainfo.IsPrivate)
        {
            lsd.Track(InfoHash);
            _ = AnnounceLocallyAsync(lsd);
        }

        var useDht = _engine.Dht is not null && !Metainfo.IsPrivate;
        if (Metainfo.AnnounceTiers.Count == 0 && !useDht)
        {
            return;
        }

        lock (_lock)
        {
            if (Metainfo.AnnounceTiers.Count > 0)
            {
                _trackers ??= new TrackerManager(Metainfo.AnnounceTiers, _engine.Http, Clock);
            }

            if (_announceCts is not null)
            {
                return;
            }

            _announceCts = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
        }

        var token = _announceCts.Token;
        if (_trackers is not null)
        {
            _ = Task.Run(() => AnnounceLoopAsync(token), CancellationToken.None);
        }

        if (useDht)
        {
            _ = Task.Run(() => DhtLoopAsync(_engine.Dht!, token), CancellationToken.None);
        }
    }

    /// <summary>
    /// BEP 5: look the torrent up and announce it on the DHT; again after 15 minutes, sooner (from 5 s,
    /// doubling) while the lookups find nobody. Never for private torrents.
    /// </summary>
    private async Task DhtLoopAsync(Dht.DhtNode dht, CancellationToken token)
    {
        await _engine.DhtBootstrap.WaitAsync(token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var retry = TimeSpan.FromSeconds(5);
        while (!token.IsCancellationRequested)
        {
            var found = 0;
            try
            {
                var peers = await dht.GetPeersAsync(InfoHash, token);
                foreach (var peer in peers)
                {
                    if (!_engine.IsOwnEndPoint(peer))
                    {
                        AddPeer(peer, PeerSource.Dht);
                        found++;
                    }
                }

                if (found > 0)
                {
                    ConnectMore();
                }

                // An engine that takes no incoming connections looks peers up but does not invite them.
                var accepted = _engine.Settings.AcceptIncoming ? await dht.AnnounceAsync(InfoHash, _engine.ListenPort, token) : 0;
                Log(PluginLogLevel.Debug, $"DHT: {found} peers found, announced to {accepted} nodes.");
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log(PluginLogLevel.Debug, $"DHT lookup failed: {ex.Message}");
            }

            var wait = found > 0 ? TimeSpan.FromMinutes(15) : retry;
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromMinutes(15).Ticks));
            await Task.Delay(wait, Clock, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task AnnounceLoopAsync(CancellationToken token)
    {
        var trackers = _trackers!;
        var announceEvent = _startedSent ? AnnounceEvent.None : AnnounceEvent.Started;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var response = await trackers.AnnounceAsync(BuildAnnounce(announceEvent), token);
                if (response is not null)
                {
                    _startedSent = true;
                    announceEvent = AnnounceEvent.None;
                    foreach (var peer in response.Peers)
                    {
                        AddPeer(peer, PeerSource.Tracker);
                    }

                    Log(PluginLogLevel.Debug, $"Tracker answered with {response.Peers.Count} peers.");
                    ConnectMore();
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log(PluginLogLevel.Warning, $"Announce failed: {ex.Message}");
            }

            var wait = trackers.NextAnnounceDue - Clock.GetUtcNow();
            if (wait < TimeSpan.FromSeconds(1))
            {
                wait = TimeSpan.FromSeconds(1);
            }

            // Wait for the tracker's interval or a ReannounceAsync, whichever comes first.
            using var waitCts = CancellationTokenSource.CreateLinkedTokenSource(token);
            var delay = Task.Delay(wait, Clock, waitCts.Token);
            var signal = _reannounce.WaitAsync(waitCts.Token);
            await Task.WhenAny(delay, signal);
            await waitCts.CancelAsync();
            await Task.WhenAll(delay, signal).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private AnnounceRequest BuildAnnounce(AnnounceEvent announceEvent)
    {
        var port = _engine.ListenPort > 0 ? _engine.ListenPort : _engine.Settings.ListenPort > 0 ? _engine.Settings.ListenPort : 6881;
        long left;
        lock (_lock)
        {
            left = Metainfo.TotalLength - _verifiedBytes;
        }

        return new AnnounceRequest(InfoHash, _engine.PeerId, port, _uploadRate.Total, _downloadRate.Total, left, announceEvent, NumWant: 50);
    }

    /// <summary>BEP 14: peers on the local network announcing this torrent. Never for private torrents (BEP 27).</summary>
    internal void AddLocalPeer(IPEndPoint endPoint)
    {
        if (Metainfo.IsPrivate)
        {
            return;
        }

        Log(PluginLogLevel.Debug, $"LSD: {endPoint} has this torrent.");
        AddPeer(endPoint, PeerSource.Lsd);
        ConnectMore();
    }

    private async Task AnnounceLocallyAsync(Lsd.LsdService lsd)
    {
        try
        {
            // The service skips torrents announced within the last minute; its own loop re-announces later.
            await lsd.AnnounceAsync([InfoHash], _cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            Log(PluginLogLevel.Debug, $"LSD announce skipped: {ex.Message}");
        }
    }

    private async Task StopAnnouncingAsync(bool sendStopped)
    {
        _engine.Lsd?.Untrack(InfoHash);
        _engine.Dht?.Withdraw(InfoHash);
        CancellationTokenSource? cts;
        lock (_lock)
        {
            cts = _announceCts;
            _announceCts = null;
        }

        if (cts is null)
        {
            return;
        }

        cts.Cancel();
        cts.Dispose();
        if (sendStopped && _startedSent && _trackers is { } trackers)
        {
            _startedSent = false;
            await SendEventAnnounce(trackers, AnnounceEvent.Stopped, StoppedAnnounceTimeout);
        }
    }

    private void AnnounceCompleted()
    {
        if (_trackers is { } trackers && _startedSent)
        {
            _ = SendEventAnnounce(trackers, AnnounceEvent.Completed, TimeSpan.FromSeconds(30));
        }
    }

    private async Task SendEventAnnounce(TrackerManager trackers, AnnounceEvent announceEvent, TimeSpan timeout)
    {
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            await trackers.AnnounceAsync(BuildAnnounce(announceEvent), cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log(PluginLogLevel.Debug, $"The {announceEvent} announce failed: {ex.Message}");
        }
    }
}
