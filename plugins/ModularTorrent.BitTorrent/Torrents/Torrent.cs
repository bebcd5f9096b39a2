using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Peers;
using ModularTorrent.BitTorrent.Pieces;
using ModularTorrent.BitTorrent.Storage;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Payments;
using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Torrents;

/// <summary>
/// One torrent: its state machine (checking → downloading → seeding, paused, stopped), its peers, the
/// choker and the piece picker. All mutable swarm state is guarded by one lock; disk writes and hashing
/// of a piece run outside it under the piece's own lock.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A torrent's life ends in StopAsync or AbortAsync, which release its storage and timers.")]
public sealed partial class Torrent : ITransferHandle
{
    /// <summary>Selection policy used when none is named.</summary>
    public const string DefaultSelectionPolicy = "rarest-first";

    private const int MaxKnownPeers = 2000;

    private readonly Lock _lock = new();
    private readonly BitTorrentEngine _engine;
    private readonly TorrentStorage _storage;
    private readonly PiecePicker _picker;
    private readonly List<PeerConnection> _peers = [];
    private readonly Dictionary<string, KnownPeer> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _banned = new(StringComparer.Ordinal);
    private readonly Dictionary<int, FailedPiece> _failedPieces = [];
    private readonly List<BlockRequest> _scratch = [];
    private readonly FilePriority[] _filePriorities;
    private readonly TokenBucket _downloadLimit;
    private readonly TokenBucket _uploadLimit;
    private readonly RateMeter _downloadRate = new();
    private readonly RateMeter _uploadRate = new();
    private readonly IPaymentStrategy? _payment;
    private readonly CancellationTokenSource _cts = new();
    private TransferState _state = TransferState.Waiting;
    private string _policyName;
    private string? _error;
    private long _verifiedBytes;
    private long _wastedBytes;
    private double _checkProgress;
    private bool _resumeDirty;
    private bool _pauseRequested;
    private Task? _runTask;
    private int _stopped;

    internal Torrent(BitTorrentEngine engine, TorrentMetainfo metainfo, TorrentOptions options)
    {
        _engine = engine;
        Metainfo = metainfo;
        Options = options;
        Id = options.Id ?? metainfo.InfoHash.ToHex();
        _storage = new TorrentStorage(metainfo, options.SavePath);
        _policyName = options.SelectionPolicy ?? DefaultSelectionPolicy;
        _picker = new PiecePicker(metainfo.PieceCount, metainfo.GetPieceLength, ResolvePolicy(_policyName));
        _filePriorities = new FilePriority[metainfo.Files.Count];
        Array.Fill(_filePriorities, FilePriority.Normal);
        if (options.FilePriorities is not null)
        {
            foreach (var (index, priority) in options.FilePriorities)
            {
                if ((uint)index < (uint)_filePriorities.Length)
                {
                    _filePriorities[index] = priority;
                }
            }
        }

        ApplyFilePriorities();
        _downloadLimit = new TokenBucket(Clock, options.Limits?.DownloadBytesPerSecond ?? 0);
        _uploadLimit = new TokenBucket(Clock, options.Limits?.UploadBytesPerSecond ?? 0);
        if (options.PaymentStrategy is { } strategy)
        {
            _payment = engine.Services.Extensions?.Find<IPaymentStrategy>(strategy);
            if (_payment is null)
            {
                Log(PluginLogLevel.Warning, $"Payment strategy '{strategy}' is not registered; transferring without payments.");
            }
        }

        _pauseRequested = options.StartPaused;
        foreach (var peer in options.Peers)
        {
            AddPeer(peer);
        }
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public string Name => Metainfo.Name;

    /// <summary>The parsed .torrent.</summary>
    public TorrentMetainfo Metainfo { get; }

    /// <summary>The options the torrent was added with.</summary>
    public TorrentOptions Options { get; }

    /// <summary>The info-hash.</summary>
    public InfoHash InfoHash => Metainfo.InfoHash;

    /// <summary>Current state.</summary>
    public TransferState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Absolute paths of the torrent's files.</summary>
    public IReadOnlyList<string> FilePaths => _storage.FilePaths;

    internal int PieceCount => Metainfo.PieceCount;

    internal TimeProvider Clock => _engine.Services.Clock;

    /// <summary>Pieces a request was ever sent for, since this torrent object was created (diagnostics and tests).</summary>
    internal byte[] GetEverRequestedPieces()
    {
        lock (_lock)
        {
            return _picker.EverRequested.ToArray();
        }
    }

    /// <summary>Whether the torrent is in end game (every missing piece is being downloaded).</summary>
    internal bool IsEndGame
    {
        get
        {
            lock (_lock)
            {
                return _picker.IsEndGame;
            }
        }
    }

    /// <summary>Adds a peer address to connect to.</summary>
    public void AddPeer(IPEndPoint endPoint) => AddPeer(endPoint, PeerSource.Given);

    internal void AddPeer(IPEndPoint endPoint, PeerSource source)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        lock (_lock)
        {
            var key = endPoint.ToString();

            // Trackers and peers can hand out many addresses; keep a bounded list.
            if (!_known.ContainsKey(key) && _known.Count < MaxKnownPeers)
            {
                _known[key] = new KnownPeer(endPoint, source);
            }
        }
    }

    /// <inheritdoc />
    public TransferStatus GetStatus()
    {
        lock (_lock)
        {
            var total = Metainfo.TotalLength;
            var rate = _downloadRate.Rate;
            var remaining = total - _verifiedBytes;
            return new TransferStatus
            {
                Id = Id,
                Name = Name,
                State = _state,
                Progress = _state == TransferState.Checking ? _checkProgress : total == 0 ? 1 : (double)_verifiedBytes / total,
                TotalBytes = total,
                VerifiedBytes = _verifiedBytes,
                DownloadedBytes = _downloadRate.Total,
                UploadedBytes = _uploadRate.Total,
                DownloadRate = rate,
                UploadRate = _uploadRate.Rate,
                Peers = _peers.Count,
                Seeds = _peers.Count(p => p.Have.AllSet),
                PieceCount = PieceCount,
                Eta = _state == TransferState.Downloading && rate > 0 ? TimeSpan.FromSeconds(remaining / (double)rate) : null,
                SelectionPolicy = _policyName,
                Limits = new RateLimits(_downloadLimit.Rate, _uploadLimit.Rate),
                Error = _error,
            };
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TransferFile> GetFiles()
    {
        lock (_lock)
        {
            var completed = BytesCompletedPerFile();
            return Metainfo.Files.Select(f => new TransferFile(f.Index, f.Path, f.Length, completed[f.Index], _filePriorities[f.Index])).ToList();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TransferPeer> GetPeers()
    {
        lock (_lock)
        {
            return _peers.Select(p => new TransferPeer(
                p.EndpointText,
                p.ClientName,
                PieceCount == 0 ? 0 : (double)p.Have.SetCount / PieceCount,
                p.Download.Rate,
                p.Upload.Rate,
                PeerFlags(p))).ToList();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TransferTracker> GetTrackers() => GetTrackerStatus();

    /// <inheritdoc />
    public byte[] GetVerifiedPieces()
    {
        lock (_lock)
        {
            return _picker.Have.ToArray();
        }
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte>? GetMetainfo() => Metainfo.RawTorrent;

    /// <inheritdoc />
    public void SetSelectionPolicy(string policyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyName);
        var policy = policyName == InOrderSelectionPolicy.PolicyName
            ? _picker.Fallback
            : _engine.Services.Extensions?.Find<IPieceSelectionPolicy>(policyName)
                ?? throw new ArgumentException($"No piece selection policy named '{policyName}' is registered.", nameof(policyName));
        lock (_lock)
        {
            _picker.Policy = policy;
            _policyName = policyName;
        }
    }

    /// <inheritdoc />
    public void SetFilePriorities(IReadOnlyDictionary<int, FilePriority> priorities)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        bool resumeDownloading;
        lock (_lock)
        {
            foreach (var (index, priority) in priorities)
            {
                if ((uint)index >= (uint)_filePriorities.Length)
                {
                    throw new ArgumentOutOfRangeException(nameof(priorities), $"The torrent has no file {index}.");
                }

                _filePriorities[index] = priority;
            }

            ApplyFilePriorities();
            foreach (var peer in _peers)
            {
                UpdateInterest(peer);
            }

            resumeDownloading = _state == TransferState.Seeding && _picker.Wanted.SetCount > 0;
        }

        if (resumeDownloading)
        {
            // A skipped file was selected again after the rest finished.
            SetState(TransferState.Downloading);
            lock (_lock)
            {
                foreach (var peer in _peers)
                {
                    UpdateInterest(peer);
                    FillRequests(peer);
                }
            }
        }
    }

    /// <inheritdoc />
    public void SetRateLimits(RateLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _downloadLimit.SetRate(limits.DownloadBytesPerSecond);
        _uploadLimit.SetRate(limits.UploadBytesPerSecond);
    }

    internal void Log(PluginLogLevel level, string message, Exception? exception = null) =>
        _engine.Log(level, $"[{Name}] {message}", exception);

    private void Publish(HostEvent hostEvent) => _engine.Publish(hostEvent);

    private DateTimeOffset Now => Clock.GetUtcNow();

    private IPieceSelectionPolicy ResolvePolicy(string name)
    {
        if (name == InOrderSelectionPolicy.PolicyName)
        {
            return new InOrderSelectionPolicy();
        }

        var policy = _engine.Services.Extensions?.Find<IPieceSelectionPolicy>(name);
        if (policy is null)
        {
            Log(PluginLogLevel.Information, $"Piece selection policy '{name}' is not registered; using in-order selection.");
            return new InOrderSelectionPolicy();
        }

        return policy;
    }

    // Piece priority = the highest priority of the files it overlaps (a piece shared with a wanted file is wanted).
    private void ApplyFilePriorities()
    {
        var priorities = new byte[PieceCount];
        for (var f = 0; f < Metainfo.Files.Count; f++)
        {
            var (first, last) = _storage.Map.PiecesOfFile(f, Metainfo.PieceLength);
            for (var p = first; p <= last; p++)
            {
                priorities[p] = Math.Max(priorities[p], (byte)_filePriorities[f]);
            }
        }

        for (var p = 0; p < PieceCount; p++)
        {
            _picker.SetPriority(p, priorities[p]);
        }
    }

    private long[] BytesCompletedPerFile()
    {
        var result = new long[Metainfo.Files.Count];
        foreach (var file in Metainfo.Files)
        {
            var (first, last) = _storage.Map.PiecesOfFile(file.Index, Metainfo.PieceLength);
            long done = 0;
            for (var p = first; p <= last; p++)
            {
                if (_picker.Have[p])
                {
                    var start = Math.Max(file.Offset, (long)p * Metainfo.PieceLength);
                    var end = Math.Min(file.End, ((long)p * Metainfo.PieceLength) + Metainfo.GetPieceLength(p));
                    done += end - start;
                }
            }

            result[file.Index] = done;
        }

        return result;
    }

    /// <summary>The flags <see cref="TransferPeer.Flags"/> documents, in qBittorrent's letters where it has one.</summary>
    private static string PeerFlags(PeerConnection p)
    {
        Span<char> flags = stackalloc char[10];
        var n = 0;
        if (p.AmInterested)
        {
            flags[n++] = p.PeerChoking ? 'd' : 'D';
        }

        if (p.PeerInterested)
        {
            flags[n++] = p.AmChoking ? 'u' : 'U';
        }

        if (p.Incoming)
        {
            flags[n++] = 'I';
        }

        if (p.Optimistic)
        {
            flags[n++] = 'O';
        }

        if (p.Snubbed)
        {
            flags[n++] = 'S';
        }

        if (p.EncryptionFlag != '\0')
        {
            flags[n++] = p.EncryptionFlag;
        }

        var source = p.Source switch
        {
            PeerSource.Dht => 'H',
            PeerSource.Pex => 'X',
            PeerSource.Lsd => 'L',
            _ => '\0',
        };
        if (source != '\0')
        {
            flags[n++] = source;
        }

        if (p.SupportsFast)
        {
            flags[n++] = 'F';
        }

        return new string(flags[..n]);
    }
}
