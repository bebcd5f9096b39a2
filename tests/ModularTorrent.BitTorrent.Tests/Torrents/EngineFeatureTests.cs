using System.Collections.Concurrent;
using System.Diagnostics;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Payments;
using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

/// <summary>Selection policies, payments, rate limits and recheck, each through two real engines on 127.0.0.1.</summary>
public sealed class EngineFeatureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private sealed class ReversePolicy : IPieceSelectionPolicy
    {
        public string Name => "reverse";

        public int SelectPieces(scoped in PieceSelectionContext context, Span<int> destination)
        {
            var n = 0;
            for (var i = context.PieceCount - 1; i >= 0 && n < destination.Length; i--)
            {
                if (context.IsCandidate(i))
                {
                    destination[n++] = i;
                }
            }

            return n;
        }
    }

    /// <summary>Gives each peer credit for a fixed number of bytes uploaded to it.</summary>
    private sealed class MeteredPayment(long creditBytes) : IPaymentStrategy
    {
        public ConcurrentDictionary<string, long> Sent { get; } = new();

        public ConcurrentDictionary<string, long> Received { get; } = new();

        public string Name => "metered";

        public void OnBlockSent(in PaymentPeer peer, int bytes) => Sent.AddOrUpdate(peer.PeerId, bytes, (_, v) => v + bytes);

        public void OnBlockReceived(in PaymentPeer peer, int bytes) => Received.AddOrUpdate(peer.PeerId, bytes, (_, v) => v + bytes);

        public void OnPaymentReceived(in PaymentPeer peer, long satoshis)
        {
        }

        public PaymentDue GetDue(in PaymentPeer peer) => default;

        public bool HasCredit(in PaymentPeer peer) => Sent.GetValueOrDefault(peer.PeerId) < creditBytes;

        public void OnPeerDisconnected(in PaymentPeer peer)
        {
        }
    }

    private static async Task<(TempFolder Dir, TorrentMetainfo Meta)> ShareAsync(int length)
    {
        var dir = new TempFolder("mt-bt");
        return (dir, await TestShares.OneFileAsync(dir, length, 21));
    }

    [Fact]
    public async Task A_registered_policy_drives_selection_and_can_be_swapped_at_run_time()
    {
        var (seedDir, meta) = await ShareAsync(160 * 16384);
        using var _ = seedDir;
        using var leechDir = new TempFolder("mt-bt");
        var seedContext = new TestPluginContext();
        var leechContext = new TestPluginContext();
        leechContext.Registry.Register<IPieceSelectionPolicy>(new ReversePolicy());
        await using var seeder = await TestEngines.StartAsync(seedContext);
        await using var leecher = await TestEngines.StartAsync(leechContext);
        await (await seeder.AddAsync(meta, new TorrentOptions(seedDir.Path))).WaitForStartAsync();

        var leech = await leecher.AddAsync(meta, new TorrentOptions(leechDir.Path)
        {
            SelectionPolicy = "reverse",
            Peers = [TestEngines.EndPoint(seeder)],
            Limits = new RateLimits(64 * 1024, 0),
        });
        Assert.Equal("reverse", leech.GetStatus().SelectionPolicy);
        // The seeder's allowed-fast pieces (BEP 6) may come first while we are still choked; right after
        // them the policy's choice, the last piece, must arrive.
        await Poll.UntilAsync(() => leechContext.EventLog.OfType<PieceVerified>().Count >= 12, Timeout, leechContext.TestLogger.Dump);
        Assert.Contains(meta.PieceCount - 1, leechContext.EventLog.OfType<PieceVerified>().Take(12).Select(e => e.PieceIndex));

        leech.SetSelectionPolicy("in-order");
        Assert.Equal("in-order", leech.GetStatus().SelectionPolicy);
        Assert.Throws<ArgumentException>(() => leech.SetSelectionPolicy("no-such-policy"));
        leech.SetRateLimits(RateLimits.None);
        await Poll.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, leechContext.TestLogger.Dump);

        // Reverse order alone would verify piece 50 before piece 0 (the first pipeline holds at most 64 pieces
        // from the top); after the swap the low pieces come first.
        var order = leechContext.EventLog.OfType<PieceVerified>().Select(e => e.PieceIndex).ToList();
        Assert.True(order.IndexOf(0) < order.IndexOf(50), string.Join(",", order));
    }

    [Fact]
    public async Task Without_a_registered_policy_the_default_falls_back_to_in_order()
    {
        var (seedDir, meta) = await ShareAsync(6 * 16384);
        using var _ = seedDir;
        using var leechDir = new TempFolder("mt-bt");
        var context = new TestPluginContext();
        await using var seeder = await TestEngines.StartAsync(new TestPluginContext());
        await using var leecher = await TestEngines.StartAsync(context);
        await (await seeder.AddAsync(meta, new TorrentOptions(seedDir.Path))).WaitForStartAsync();
        var leech = await leecher.AddAsync(meta, new TorrentOptions(leechDir.Path) { Peers = [TestEngines.EndPoint(seeder)] });
        await Poll.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, context.TestLogger.Dump);
        Assert.Contains(context.TestLogger.Lines, l => l.Contains("'rarest-first' is not registered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_payment_strategy_is_told_of_blocks_and_a_peer_without_credit_is_not_served()
    {
        var (seedDir, meta) = await ShareAsync(64 * 16384);
        using var _ = seedDir;
        using var leechDir = new TempFolder("mt-bt");
        var seedContext = new TestPluginContext();
        var payment = new MeteredPayment(creditBytes: 10 * 16384);
        seedContext.Registry.Register<IPaymentStrategy>(payment);
        var leechContext = new TestPluginContext();
        var leechPayment = new MeteredPayment(long.MaxValue);
        leechContext.Registry.Register<IPaymentStrategy>(leechPayment);
        await using var seeder = await TestEngines.StartAsync(seedContext);
        await using var leecher = await TestEngines.StartAsync(leechContext);
        var seed = await seeder.AddAsync(meta, new TorrentOptions(seedDir.Path) { PaymentStrategy = "metered" });
        await seed.WaitForStartAsync();
        var leech = await leecher.AddAsync(meta, new TorrentOptions(leechDir.Path) { PaymentStrategy = "metered", Peers = [TestEngines.EndPoint(seeder)] });

        await Poll.UntilAsync(() => payment.Sent.Values.Sum() >= 10 * 16384, Timeout, seedContext.TestLogger.Dump);

        // Once credit is gone the seeder chokes the peer: the transfer stalls well short of the end.
        await Task.Delay(1500);
        var sentAtStall = payment.Sent.Values.Sum();
        await Task.Delay(1500);
        Assert.Equal(sentAtStall, payment.Sent.Values.Sum());
        Assert.True(sentAtStall < meta.TotalLength / 2, $"sent {sentAtStall}");
        Assert.NotEqual(TransferState.Seeding, leech.State);
        Assert.Equal(sentAtStall, leechPayment.Received.Values.Sum());
        Assert.Contains(seed.GetPeers(), p => !p.Flags.Contains('U', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_download_limit_bounds_the_rate()
    {
        var (seedDir, meta) = await ShareAsync(40 * 16384);
        using var _ = seedDir;
        using var leechDir = new TempFolder("mt-bt");
        await using var seeder = await TestEngines.StartAsync(new TestPluginContext());
        var context = new TestPluginContext();
        await using var leecher = await TestEngines.StartAsync(context, TestEngines.LoopbackSettings(downloadLimit: 200_000));
        await (await seeder.AddAsync(meta, new TorrentOptions(seedDir.Path))).WaitForStartAsync();
        var watch = Stopwatch.StartNew();
        var leech = await leecher.AddAsync(meta, new TorrentOptions(leechDir.Path) { Peers = [TestEngines.EndPoint(seeder)] });
        await Poll.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, context.TestLogger.Dump);

        // 655 KB at 200 KB/s with a 100 KB burst cannot finish in under ~2.7 s.
        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(2.5), $"finished in {watch.Elapsed}");
    }

    [Fact]
    public async Task Recheck_finds_damaged_data_and_downloads_it_again()
    {
        var (seedDir, meta) = await ShareAsync(20 * 16384);
        using var _ = seedDir;
        using var leechDir = new TempFolder("mt-bt");
        await using var seeder = await TestEngines.StartAsync(new TestPluginContext());
        var context = new TestPluginContext();
        await using var leecher = await TestEngines.StartAsync(context);
        await (await seeder.AddAsync(meta, new TorrentOptions(seedDir.Path))).WaitForStartAsync();
        var leech = await leecher.AddAsync(meta, new TorrentOptions(leechDir.Path) { Peers = [TestEngines.EndPoint(seeder)] });
        await Poll.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, context.TestLogger.Dump);

        await leech.PauseAsync();
        var path = leechDir.Combine("share", "file.bin");
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 5 * 16384 + 100;
            stream.WriteByte(0x42);
        }

        await leech.RecheckAsync();
        await leech.ResumeAsync();
        await Poll.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, context.TestLogger.Dump);
        Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "file.bin")), File.ReadAllBytes(path));
        Assert.True(new ReadOnlyBitfield(leech.GetEverRequestedPieces(), meta.PieceCount).PopCount() >= meta.PieceCount);
        Assert.Contains(context.TestLogger.Lines, l => l.Contains("19/20 pieces verified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Skipped_files_are_not_downloaded_until_selected_again()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        seedDir.WriteFile("share/wanted.bin", TestData.Bytes(5 * 16384, 41));
        seedDir.WriteFile("share/skipped.bin", TestData.Bytes(7 * 16384, 42));
        var meta = TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(seedDir.Combine("share"), new TorrentCreateOptions { PieceLength = 16384 }));
        Assert.Equal("skipped.bin", meta.Files[0].Path);
        await using var seeder = await TestEngines.StartAsync(new TestPluginContext());
        var context = new TestPluginContext();
        await using var leecher = await TestEngines.StartAsync(context);
        await (await seeder.AddAsync(meta, new TorrentOptions(seedDir.Path))).WaitForStartAsync();
        var leech = await leecher.AddAsync(meta, new TorrentOptions(leechDir.Path)
        {
            Peers = [TestEngines.EndPoint(seeder)],
            FilePriorities = new Dictionary<int, FilePriority> { [0] = FilePriority.Skip },
        });

        await Poll.UntilAsync(() => context.EventLog.OfType<TransferCompleted>().Count == 1, Timeout, context.TestLogger.Dump);
        Assert.Equal(TransferState.Seeding, leech.State);
        Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "wanted.bin")), File.ReadAllBytes(leechDir.Combine("share", "wanted.bin")));
        var files = leech.GetFiles();
        Assert.Equal(0, files[0].BytesCompleted);
        Assert.Equal(FilePriority.Skip, files[0].Priority);
        Assert.Equal(5 * 16384, files[1].BytesCompleted);
        Assert.Equal(0, new ReadOnlyBitfield(leech.GetEverRequestedPieces(), meta.PieceCount).PopCount() - 5);

        leech.SetFilePriorities(new Dictionary<int, FilePriority> { [0] = FilePriority.High });
        Assert.Equal(TransferState.Downloading, leech.State);
        await Poll.UntilAsync(() => leech.GetStatus().Progress == 1.0 && leech.State == TransferState.Seeding, Timeout, context.TestLogger.Dump);
        Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "skipped.bin")), File.ReadAllBytes(leechDir.Combine("share", "skipped.bin")));
        Assert.Throws<ArgumentOutOfRangeException>(() => leech.SetFilePriorities(new Dictionary<int, FilePriority> { [5] = FilePriority.Low }));
    }

    [Fact]
    public async Task Stop_with_delete_removes_the_files_and_the_resume_data()
    {
        var (seedDir, meta) = await ShareAsync(4 * 16384);
        using var _ = seedDir;
        using var leechDir = new TempFolder("mt-bt");
        await using var seeder = await TestEngines.StartAsync(new TestPluginContext());
        var resume = new InMemoryResumeStore();
        var context = new TestPluginContext(resume: resume);
        await using var leecher = await TestEngines.StartAsync(context);
        await (await seeder.AddAsync(meta, new TorrentOptions(seedDir.Path))).WaitForStartAsync();
        var leech = await leecher.AddAsync(meta, new TorrentOptions(leechDir.Path) { Peers = [TestEngines.EndPoint(seeder)] });
        await Poll.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, context.TestLogger.Dump);
        await Poll.UntilAsync(() => resume.LoadAsync(leech.Id).Result is not null, Timeout);

        await leech.StopAsync(deleteData: true);
        Assert.Equal(TransferState.Stopped, leech.State);
        Assert.False(File.Exists(leechDir.Combine("share", "file.bin")));
        Assert.Null(await resume.LoadAsync(leech.Id));
        Assert.Empty(leecher.Torrents);
        Assert.Contains(context.EventLog.OfType<TransferRemoved>(), e => e.DataDeleted);
    }

    [Fact]
    public async Task A_liar_among_good_peers_is_banned_and_the_good_seed_is_not()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        // 192 blocks: more than one peer's first pipeline (64), so both peers certainly get requests.
        seedDir.WriteFile("share/file.bin", TestData.Bytes(192 * 16384, 71));
        var meta = TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(seedDir.Combine("share"), new TorrentCreateOptions { PieceLength = 4 * 16384 }));
        await using var liar = new MaliciousPeer(meta);
        await using var seeder = await TestEngines.StartAsync(new TestPluginContext(), TestEngines.LoopbackSettings(uploadLimit: 1_000_000));
        await (await seeder.AddAsync(meta, new TorrentOptions(seedDir.Path))).WaitForStartAsync();
        var context = new TestPluginContext();
        await using var leecher = await TestEngines.StartAsync(context);

        // Both from the start; the good one is throttled, so the liar gets its share of the pieces.
        var leech = await leecher.AddAsync(meta, new TorrentOptions(leechDir.Path) { Peers = [liar.EndPoint, TestEngines.EndPoint(seeder)] });
        await Poll.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, context.TestLogger.Dump);

        Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "file.bin")), File.ReadAllBytes(leechDir.Combine("share", "file.bin")));
        Assert.True(liar.BlocksSent > 0);
        var banned = context.EventLog.OfType<PeerBanned>();
        Assert.Contains(banned, b => b.Endpoint == liar.EndPoint.ToString());
        Assert.DoesNotContain(banned, b => b.Endpoint == TestEngines.EndPoint(seeder).ToString());
        Assert.NotEmpty(context.EventLog.OfType<PieceFailed>());
    }
}
