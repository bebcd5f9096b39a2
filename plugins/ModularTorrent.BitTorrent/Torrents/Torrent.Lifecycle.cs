using System.Buffers;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Peers;
using ModularTorrent.BitTorrent.Wire;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Torrents;

public sealed partial class Torrent
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SnubAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan KeepAliveAfter = TimeSpan.FromSeconds(90);
    private Task? _checkTask;

    /// <summary>Checks existing data (quick resume when possible) and starts transferring; returns once started.</summary>
    internal void Start()
    {
        _storage.CreateEmptyFiles();
        _runTask = Task.Run(RunAsync);
    }

    /// <summary>Completes when the initial check has finished and the torrent is transferring (or paused, stopped, failed).</summary>
    public async Task WaitForStartAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var state = State;
            if (state is not (TransferState.Waiting or TransferState.Checking))
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private async Task RunAsync()
    {
        var token = _cts.Token;
        try
        {
            await CheckAsync(allowQuickResume: true, token);
            EnterActiveState();
            await TickLoopAsync(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Fail(ex.Message);
            Log(PluginLogLevel.Error, "The torrent stopped on an unexpected error.", ex);
        }
    }

    private void EnterActiveState()
    {
        bool pause;
        lock (_lock)
        {
            pause = _pauseRequested;
        }

        SetState(pause ? TransferState.Paused : _picker.Wanted.SetCount == 0 ? TransferState.Seeding : TransferState.Downloading);
        if (!pause)
        {
            lock (_lock)
            {
                // Peers we dropped ourselves (pause, recheck) are worth dialling again at once.
                foreach (var known in _known.Values)
                {
                    known.NextAttemptAt = 0;
                }
            }

            StartAnnouncing();
            ConnectMore();
            StartWebSeeds();
        }
    }

    private async Task TickLoopAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(TickInterval, Clock);
        var last = Clock.GetTimestamp();
        var lastResumeSave = last;
        var tick = 0;
        while (await timer.WaitForNextTickAsync(token))
        {
            tick++;
            var now = Clock.GetTimestamp();
            var elapsed = Clock.GetElapsedTime(last, now);
            last = now;
            _downloadRate.Tick(elapsed);
            _uploadRate.Tick(elapsed);
            List<PeerConnection> toClose = [];
            bool active;
            lock (_lock)
            {
                active = IsActive;
                foreach (var peer in _peers)
                {
                    peer.Download.Tick(elapsed);
                    peer.Upload.Tick(elapsed);
                    if (Clock.GetElapsedTime(peer.LastReceivedAt, now) > IdleTimeout)
                    {
                        toClose.Add(peer);
                        continue;
                    }

                    if (Clock.GetElapsedTime(peer.LastSentAt, now) > KeepAliveAfter)
                    {
                        peer.Enqueue(new OutgoingMessage(MessageId.KeepAlive));
                    }

                    if (peer.Outstanding.Count > 0 && !peer.PeerChoking && Clock.GetElapsedTime(peer.LastBlockAt, now) > SnubAfter && !peer.Snubbed)
                    {
                        // Snubbed: it holds our requests without answering. Hand them to other peers.
                        peer.Snubbed = true;
                        ReleaseOutstanding(peer);
                    }

                    AdaptQueueDepth(peer);
                }

                if (active && tick % 10 == 0)
                {
                    RunChoker(rotateOptimistic: tick % 30 == 0);
                }

                foreach (var peer in _peers)
                {
                    FillRequests(peer);
                }
            }

            foreach (var peer in toClose)
            {
                peer.Close("inactive for 3 minutes");
            }

            if (active)
            {
                if (tick % 2 == 0)
                {
                    ConnectMore();
                }

                SendPex();

                var status = GetStatus();
                Publish(new TransferProgress(Id, status.Progress, status.DownloadRate, status.UploadRate, status.Peers) { Timestamp = Now });
            }

            if (_resumeDirty && Clock.GetElapsedTime(lastResumeSave, now) >= _engine.Settings.ResumeSaveInterval)
            {
                lastResumeSave = now;
                await SaveResumeAsync(token);
            }
        }
    }

    /// <summary>Loads the verified pieces: from resume data when the files are unchanged, otherwise by hashing what is on disk.</summary>
    private async Task CheckAsync(bool allowQuickResume, CancellationToken token)
    {
        SetState(TransferState.Checking);
        if (allowQuickResume && _engine.Services.Resume is { } store)
        {
            var resume = await store.LoadAsync(Id, token);
            if (resume is not null && IsResumeValid(resume))
            {
                lock (_lock)
                {
                    for (var i = 0; i < PieceCount; i++)
                    {
                        if ((resume.VerifiedPieces[i >> 3] & (0x80 >> (i & 7))) != 0)
                        {
                            MarkVerifiedLocked(i);
                        }
                    }
                }

                Log(PluginLogLevel.Information, $"Quick resume: {_picker.Have.SetCount}/{PieceCount} pieces verified earlier, files unchanged.");
                return;
            }
        }

        await Task.Run(() => FullCheck(token), token);
    }

    private bool IsResumeValid(ResumeData resume)
    {
        if (resume.VerifiedPieces.Length != (PieceCount + 7) / 8 || resume.Files.Count != Metainfo.Files.Count)
        {
            return false;
        }

        var current = _storage.GetFileStates(new long[Metainfo.Files.Count]);
        for (var i = 0; i < current.Count; i++)
        {
            if (current[i].Length != resume.Files[i].Length || current[i].LastWriteUtcTicks != resume.Files[i].LastWriteUtcTicks)
            {
                Log(PluginLogLevel.Information, $"File {Metainfo.Files[i].Path} changed since the resume data was saved; rechecking.");
                return false;
            }
        }

        return true;
    }

    private void FullCheck(CancellationToken token)
    {
        lock (_lock)
        {
            _verifiedBytes = 0;
            for (var i = 0; i < PieceCount; i++)
            {
                if (_picker.Have[i])
                {
                    _picker.Have.Set(i, false);
                }
            }

            ApplyFilePriorities();
        }

        var existing = _storage.GetFileStates(new long[Metainfo.Files.Count]);
        if (existing.All(f => f.Length == 0))
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Metainfo.PieceLength);
        Span<byte> hash = stackalloc byte[20];
        try
        {
            for (var i = 0; i < PieceCount; i++)
            {
                token.ThrowIfCancellationRequested();
                var length = Metainfo.GetPieceLength(i);
                if (_storage.TryRead((long)i * Metainfo.PieceLength, buffer.AsSpan(0, length)))
                {
                    SHA1.HashData(buffer.AsSpan(0, length), hash);
                    if (hash.SequenceEqual(Metainfo.GetPieceHash(i)))
                    {
                        lock (_lock)
                        {
                            MarkVerifiedLocked(i);
                        }
                    }
                }

                lock (_lock)
                {
                    _checkProgress = (i + 1) / (double)PieceCount;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Log(PluginLogLevel.Information, $"Checked existing data: {_picker.Have.SetCount}/{PieceCount} pieces verified.");
    }

    private void MarkVerifiedLocked(int index)
    {
        if (!_picker.Have[index])
        {
            _picker.MarkHave(index);
            _verifiedBytes += Metainfo.GetPieceLength(index);
        }
    }

    private void OnDownloadFinished()
    {
        List<PeerConnection> seeds;
        lock (_lock)
        {
            seeds = _peers.Where(p => p.Have.AllSet).ToList();
        }

        // Everything wanted is here (all of it, or all but skipped files): from now on we only upload.
        SetState(TransferState.Seeding);
        _ = StopWebSeeds();
        if (_picker.Have.AllSet)
        {
            foreach (var seed in seeds)
            {
                seed.Close("both sides are seeds");
            }
        }

        Log(PluginLogLevel.Information, "Download complete.");
        Publish(new TransferCompleted(Id) { Timestamp = Now });
        AnnounceCompleted();
        _ = SaveResumeAsync(CancellationToken.None);
    }

    private void SetState(TransferState state)
    {
        TransferState previous;
        lock (_lock)
        {
            previous = _state;
            if (previous == state)
            {
                return;
            }

            _state = state;
        }

        Publish(new TransferStateChanged(Id, previous, state) { Timestamp = Now });
    }

    private void Fail(string error)
    {
        lock (_lock)
        {
            _error = error;
        }

        SetState(TransferState.Error);
        Publish(new TransferErrored(Id, error) { Timestamp = Now });
        CloseAllPeers("the torrent failed: " + error);
    }

    private List<PeerConnection> CloseAllPeers(string reason)
    {
        List<PeerConnection> peers;
        lock (_lock)
        {
            peers = [.. _peers];
        }

        foreach (var peer in peers)
        {
            peer.Close(reason);
        }

        return peers;
    }

    /// <summary>Saves the verified pieces and the files' sizes and times through the resume store.</summary>
    internal async Task SaveResumeAsync(CancellationToken cancellationToken)
    {
        if (_engine.Services.Resume is not { } store)
        {
            return;
        }

        ResumeData data;
        lock (_lock)
        {
            if (_state is TransferState.Checking or TransferState.Waiting)
            {
                return;
            }

            _resumeDirty = false;
            data = new ResumeData(Id, _picker.Have.ToArray(), _storage.GetFileStates(BytesCompletedPerFile()), Now);
        }

        try
        {
            await store.SaveAsync(data, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _resumeDirty = true;
            Log(PluginLogLevel.Warning, $"Saving resume data failed: {ex.Message}");
        }
    }

    /// <inheritdoc />
    public async Task PauseAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _pauseRequested = true;
            if (!IsActive)
            {
                return;
            }
        }

        SetState(TransferState.Paused);
        await StopWebSeeds();
        await StopAnnouncingAsync(sendStopped: true);
        await WaitClosedAsync(CloseAllPeers("paused"));
        _storage.CloseHandles();
        await SaveResumeAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _pauseRequested = false;
            if (_state != TransferState.Paused)
            {
                return Task.CompletedTask;
            }
        }

        EnterActiveState();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task RecheckAsync(CancellationToken cancellationToken = default)
    {
        Task? previous;
        lock (_lock)
        {
            if (_state is TransferState.Checking or TransferState.Stopped)
            {
                return;
            }

            previous = _checkTask;
        }

        await StopWebSeeds();
        await StopAnnouncingAsync(sendStopped: false);
        await WaitClosedAsync(CloseAllPeers("rechecking"));
        lock (_lock)
        {
            foreach (var download in _picker.Downloads.Values)
            {
                download.Abandoned = true;
                _picker.InProgress.Set(download.Index, false);
                _picker.Partial.Set(download.Index, false);
            }

            _picker.Downloads.Clear();
        }

        _checkTask = CheckAsync(allowQuickResume: false, _cts.Token);
        await _checkTask.WaitAsync(cancellationToken);
        await SaveResumeAsync(cancellationToken);
        EnterActiveState();
        _ = previous;
    }

    /// <inheritdoc />
    public async Task StopAsync(bool deleteData, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        var wasChecking = State is TransferState.Checking or TransferState.Waiting;
        await StopAnnouncingAsync(sendStopped: true);
        _cts.Cancel();
        await StopWebSeeds();
        await WaitClosedAsync(CloseAllPeers("stopped"));
        if (_runTask is not null)
        {
            await _runTask.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _storage.CloseHandles();
        if (deleteData)
        {
            _storage.DeleteFiles();
            if (_engine.Services.Resume is { } store)
            {
                await store.DeleteAsync(Id, cancellationToken);
            }
        }
        else if (!wasChecking)
        {
            // Saved after the handles closed, so the recorded file times are final and the next start is a quick resume.
            await SaveResumeAsync(cancellationToken);
        }

        SetState(TransferState.Stopped);
        _storage.Dispose();
        _trackers?.Dispose();
        _engine.Remove(this);
        Publish(new TransferRemoved(Id, deleteData) { Timestamp = Now });
    }

    /// <summary>Abrupt end (as if the process died): no resume data is saved, connections are dropped.</summary>
    internal async Task AbortAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await StopAnnouncingAsync(sendStopped: false);
        _cts.Cancel();
        await StopWebSeeds();
        await WaitClosedAsync(CloseAllPeers("aborted"));
        _storage.Dispose();
        _trackers?.Dispose();
        _engine.Remove(this);
    }

    private static async Task WaitClosedAsync(List<PeerConnection> peers)
    {
        if (peers.Count > 0)
        {
            await Task.WhenAll(peers.Select(p => p.Completion)).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
