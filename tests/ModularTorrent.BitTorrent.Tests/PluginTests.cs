using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.BitTorrent.Torrents;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests;

public sealed class PluginTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Loopback(long downloadLimit = 0) => new()
    {
        ["ListenPort"] = "0",
        ["ListenAddress"] = "127.0.0.1",
        ["DownloadLimit"] = downloadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Start_registers_the_handler_which_claims_torrents_and_magnets()
    {
        var context = new TestPluginContext(Loopback());
        var plugin = new BitTorrentPlugin();
        await plugin.StartAsync(context, CancellationToken.None);
        try
        {
            var handler = context.Registry.Find<IProtocolHandler>("bittorrent");
            Assert.NotNull(handler);
            Assert.True(handler.CanHandle(TransferSource.FromFile("/x/y.torrent")));
            Assert.True(handler.CanHandle(TransferSource.FromContent("d4:infod4:name1:xee"u8.ToArray())));
            Assert.False(handler.CanHandle(TransferSource.FromContent("hello world"u8.ToArray())));
            Assert.True(handler.CanHandle(TransferSource.FromUri("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a")));
            Assert.False(handler.CanHandle(TransferSource.FromUri("magnet:?xt=urn:sha1:abc")));
            Assert.False(handler.CanHandle(TransferSource.FromUri("https://example.invalid/file.iso")));
            Assert.True(plugin.Engine!.ListenPort > 0);
        }
        finally
        {
            await plugin.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [InlineData("ListenPort", "abc")]
    [InlineData("ListenPort", "70000")]
    [InlineData("ListenAddress", "not-an-ip")]
    [InlineData("MaxConnections", "0")]
    [InlineData("UploadLimit", "-1")]
    [InlineData("Dht", "maybe")]
    [InlineData("Lsd", "yes")]
    [InlineData("DialPeers", "1")]
    [InlineData("Encryption", "sometimes")]
    [InlineData("Encryption", "7")]
    [InlineData("Encryption", "1")]
    public async Task Invalid_configuration_is_refused_naming_the_key(string key, string value)
    {
        var config = Loopback();
        config[key] = value;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new BitTorrentPlugin().StartAsync(new TestPluginContext(config), CancellationToken.None));
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lsd_dial_and_encryption_settings_reach_the_engine_and_have_their_defaults()
    {
        var config = Loopback();
        config["Lsd"] = "true";
        config["LsdInterface"] = "127.0.0.1";
        config["DialPeers"] = "false";
        config["Encryption"] = "Disabled";
        var settings = BitTorrentPlugin.ReadSettings(new TestPluginContext(config).Configuration);
        Assert.Equal(System.Net.IPAddress.Loopback, settings.Lsd!.Interface);
        Assert.False(settings.DialPeers);
        Assert.Null(settings.Encryption);

        var defaults = BitTorrentPlugin.ReadSettings(new TestPluginContext(Loopback()).Configuration);
        Assert.Null(defaults.Lsd);
        Assert.True(defaults.DialPeers);
        Assert.Equal(BitTorrent.Encryption.EncryptionMode.Enabled, defaults.Encryption!.Mode);
    }

    [Fact]
    public async Task Malformed_sources_give_precise_errors()
    {
        var context = new TestPluginContext(Loopback());
        var plugin = new BitTorrentPlugin();
        await plugin.StartAsync(context, CancellationToken.None);
        try
        {
            var handler = plugin.Handler!;
            var bad = await Assert.ThrowsAsync<TransferSourceException>(() => handler.StartAsync(new TransferRequest(TransferSource.FromContent("d4:infoi01ee"u8.ToArray()), "/tmp"), CancellationToken.None));
            Assert.Equal(TransferSourceError.Malformed, bad.Reason);
            Assert.Contains("byte offset 8", bad.Message, StringComparison.Ordinal);

            var missing = await Assert.ThrowsAsync<TransferSourceException>(() => handler.StartAsync(new TransferRequest(TransferSource.FromFile("/nonexistent/x.torrent"), "/tmp"), CancellationToken.None));
            Assert.Equal(TransferSourceError.Unreachable, missing.Reason);

            var magnet = await Assert.ThrowsAsync<TransferSourceException>(() => handler.StartAsync(new TransferRequest(TransferSource.FromUri("magnet:?xt=urn:btih:c12fe1c06bba"), "/tmp"), CancellationToken.None));
            Assert.Equal(TransferSourceError.Malformed, magnet.Reason);
            Assert.Contains("neither 40 hex", magnet.Message, StringComparison.Ordinal);
        }
        finally
        {
            await plugin.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Hot_swap_mid_download_continues_with_a_quick_resume_and_no_verified_piece_requested_again()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        seedDir.WriteFile("share/data.bin", TestData.Bytes(1_500_000, 9));
        seedDir.WriteFile("share/more.bin", TestData.Bytes(123_457, 10));

        var seedContext = new TestPluginContext(Loopback());
        var seedPlugin = new BitTorrentPlugin();
        await seedPlugin.StartAsync(seedContext, CancellationToken.None);
        try
        {
            var seeded = await seedPlugin.Handler!.SeedAsync(new SeedRequest(seedDir.Combine("share")) { PieceLength = 16384 }, CancellationToken.None);
            Assert.StartsWith("magnet:?xt=urn:btih:", seeded.ShareableId, StringComparison.Ordinal);
            await ((Torrent)seeded.Handle).WaitForStartAsync();
            Assert.Equal(TransferState.Seeding, seeded.Handle.GetStatus().State);
            var request = new TransferRequest(TransferSource.FromContent(seeded.Metainfo!.Value), leechDir.Path)
            {
                Peers = [$"127.0.0.1:{seedPlugin.Engine!.ListenPort}"],
                Limits = new RateLimits(400_000, 0),
            };

            // First plugin instance: download part of it, then stop the plugin (as a hot swap does).
            var resume = new InMemoryResumeStore();
            var context1 = new TestPluginContext(Loopback(), resume);
            var plugin1 = new BitTorrentPlugin();
            await plugin1.StartAsync(context1, CancellationToken.None);
            var first = await plugin1.Handler!.StartAsync(request, CancellationToken.None);
            await Poll.UntilAsync(() => first.GetStatus().Progress > 0.3, Timeout, context1.TestLogger.Dump);
            await plugin1.StopAsync(CancellationToken.None);
            Assert.Equal(TransferState.Stopped, first.GetStatus().State);
            var saved = (await resume.LoadAsync(first.Id))!.VerifiedPieces;
            var savedCount = new Sdk.Pieces.ReadOnlyBitfield(saved, TorrentMetainfo.Parse(seeded.Metainfo.Value).PieceCount).PopCount();
            Assert.True(savedCount > 0);

            // Second instance: same resume store; files untouched since the save, so no recheck.
            var context2 = new TestPluginContext(Loopback(), resume);
            var plugin2 = new BitTorrentPlugin();
            await plugin2.StartAsync(context2, CancellationToken.None);
            try
            {
                var second = (Torrent)await plugin2.Handler!.StartAsync(request with { Limits = null }, CancellationToken.None);
                await Poll.UntilAsync(() => second.State == TransferState.Seeding, Timeout, context2.TestLogger.Dump);
                Assert.Contains(context2.TestLogger.Lines, l => l.Contains("Quick resume", StringComparison.Ordinal));
                var requested = second.GetEverRequestedPieces();
                for (var i = 0; i < saved.Length * 8; i++)
                {
                    Assert.False((saved[i >> 3] & requested[i >> 3] & (0x80 >> (i & 7))) != 0, $"piece {i} requested again");
                }

                Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "data.bin")), File.ReadAllBytes(leechDir.Combine("share", "data.bin")));
                Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "more.bin")), File.ReadAllBytes(leechDir.Combine("share", "more.bin")));
                Assert.Contains(context2.EventLog.OfType<TransferCompleted>(), e => e.Id == second.Id);
            }
            finally
            {
                await plugin2.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            await seedPlugin.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_magnet_link_fetches_metadata_from_a_peer_then_downloads()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        seedDir.WriteFile("share/one.bin", TestData.Bytes(300_000, 51));
        seedDir.WriteFile("share/two.bin", TestData.Bytes(70_001, 52));
        var seedContext = new TestPluginContext(Loopback());
        var seedPlugin = new BitTorrentPlugin();
        await seedPlugin.StartAsync(seedContext, CancellationToken.None);
        var context = new TestPluginContext(Loopback());
        var plugin = new BitTorrentPlugin();
        await plugin.StartAsync(context, CancellationToken.None);
        try
        {
            var seeded = await seedPlugin.Handler!.SeedAsync(new SeedRequest(seedDir.Combine("share")) { PieceLength = 16384 }, CancellationToken.None);
            await ((Torrent)seeded.Handle).WaitForStartAsync();
            var magnet = seeded.ShareableId + "&x.pe=" + Uri.EscapeDataString($"127.0.0.1:{seedPlugin.Engine!.ListenPort}");

            var handle = await plugin.Handler!.StartAsync(new TransferRequest(TransferSource.FromUri(magnet), leechDir.Path), CancellationToken.None);
            Assert.Equal(seeded.Handle.Id, handle.Id);
            Assert.Contains(plugin.Handler.Transfers, t => t.Id == handle.Id);
            await Poll.UntilAsync(() => handle.GetStatus().State == TransferState.Seeding, Timeout, context.TestLogger.Dump);
            Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "one.bin")), File.ReadAllBytes(leechDir.Combine("share", "one.bin")));
            Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "two.bin")), File.ReadAllBytes(leechDir.Combine("share", "two.bin")));
            Assert.Equal(seeded.Metainfo!.Value.ToArray().Length > 0, handle.GetMetainfo() is not null);
            Assert.Contains(context.EventLog.OfType<TransferStateChanged>(), e => e.Current == TransferState.Metadata);
            Assert.Single(context.EventLog.OfType<TransferAdded>());
            await Assert.ThrowsAsync<TransferSourceException>(() => plugin.Handler.StartAsync(new TransferRequest(TransferSource.FromUri(magnet), leechDir.Path), CancellationToken.None));
        }
        finally
        {
            await plugin.StopAsync(CancellationToken.None);
            await seedPlugin.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_magnet_without_reachable_peers_waits_for_metadata_and_can_be_stopped()
    {
        var context = new TestPluginContext(Loopback());
        var plugin = new BitTorrentPlugin();
        await plugin.StartAsync(context, CancellationToken.None);
        try
        {
            using var dir = new TempFolder("mt-bt");
            var handle = await plugin.Handler!.StartAsync(
                new TransferRequest(TransferSource.FromUri("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=nothing"), dir.Path),
                CancellationToken.None);
            Assert.Equal(TransferState.Metadata, handle.GetStatus().State);
            Assert.Equal("nothing", handle.Name);
            Assert.Empty(handle.GetFiles());
            handle.SetSelectionPolicy("in-order");
            Assert.Equal("in-order", handle.GetStatus().SelectionPolicy);
            await handle.StopAsync(deleteData: false);
            Assert.Equal(TransferState.Stopped, handle.GetStatus().State);
            Assert.Empty(plugin.Handler.Transfers);
        }
        finally
        {
            await plugin.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task With_the_dht_on_a_leecher_finds_the_seed_without_trackers_or_peers()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        seedDir.WriteFile("share/data.bin", TestData.Bytes(150_000, 81));
        var seedConfig = Loopback();
        seedConfig["Dht"] = "true";
        var seedContext = new TestPluginContext(seedConfig);
        var seedPlugin = new BitTorrentPlugin();
        await seedPlugin.StartAsync(seedContext, CancellationToken.None);
        var seedDht = seedPlugin.Engine!.Dht!.LocalEndPoint;

        var leechConfig = Loopback();
        leechConfig["Dht"] = "true";
        leechConfig["DhtBootstrap"] = $"127.0.0.1:{seedDht.Port}";
        var context = new TestPluginContext(leechConfig);
        var plugin = new BitTorrentPlugin();
        await plugin.StartAsync(context, CancellationToken.None);
        try
        {
            await plugin.Engine!.DhtBootstrap.WaitAsync(Timeout);
            Assert.True(plugin.Engine.Dht!.NodeCount > 0);

            // The seed announces to the nodes it knows (the leecher's), so the leecher's lookup finds it.
            var seeded = await seedPlugin.Handler!.SeedAsync(new SeedRequest(seedDir.Combine("share")), CancellationToken.None);
            await Poll.UntilAsync(() => plugin.Engine.Dht.StoredTorrentCount > 0, Timeout, seedContext.TestLogger.Dump);

            var handle = await plugin.Handler!.StartAsync(new TransferRequest(TransferSource.FromContent(seeded.Metainfo!.Value), leechDir.Path), CancellationToken.None);
            await Poll.UntilAsync(() => handle.GetStatus().State == TransferState.Seeding, Timeout, context.TestLogger.Dump);
            Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "data.bin")), File.ReadAllBytes(leechDir.Combine("share", "data.bin")));
        }
        finally
        {
            await plugin.StopAsync(CancellationToken.None);
            await seedPlugin.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_restarted_plugin_rejoins_the_dht_with_its_saved_id_and_table_and_no_bootstrap_node()
    {
        var seedConfig = Loopback();
        seedConfig["Dht"] = "true";
        var seedPlugin = new BitTorrentPlugin();
        await seedPlugin.StartAsync(new TestPluginContext(seedConfig), CancellationToken.None);
        try
        {
            var config = Loopback();
            config["Dht"] = "true";
            config["DhtBootstrap"] = $"127.0.0.1:{seedPlugin.Engine!.Dht!.LocalEndPoint.Port}";
            var context = new TestPluginContext(config);
            var plugin = new BitTorrentPlugin();
            await plugin.StartAsync(context, CancellationToken.None);
            await plugin.Engine!.DhtBootstrap.WaitAsync(Timeout);
            var id = plugin.Engine.Dht!.Id;
            Assert.Equal(1, plugin.Engine.Dht.NodeCount);
            await plugin.StopAsync(CancellationToken.None);

            // The host keeps the plugin's state store across a restart or a hot swap; the plugin's own table is its way back in.
            config.Remove("DhtBootstrap");
            var restarted = new BitTorrentPlugin();
            await restarted.StartAsync(context, CancellationToken.None);
            try
            {
                Assert.Equal(id, restarted.Engine!.Dht!.Id);
                await restarted.Engine.DhtBootstrap.WaitAsync(Timeout);
                Assert.Equal(1, restarted.Engine.Dht.NodeCount);
                Assert.Contains(context.TestLogger.Lines, l => l.Contains("Joined the DHT through 0 bootstrap and 1 restored nodes: 1 nodes", StringComparison.Ordinal));
            }
            finally
            {
                await restarted.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            await seedPlugin.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [InlineData("required", "required")]
    [InlineData("enabled", "required")]
    [InlineData("enabled", "disabled")]
    public async Task Transfers_work_across_encryption_modes(string leecherMode, string seederMode)
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        seedDir.WriteFile("share/data.bin", TestData.Bytes(120_000, 91));
        var seedConfig = Loopback();
        seedConfig["Encryption"] = seederMode;
        var seedPlugin = new BitTorrentPlugin();
        await seedPlugin.StartAsync(new TestPluginContext(seedConfig), CancellationToken.None);
        var leechConfig = Loopback();
        leechConfig["Encryption"] = leecherMode;
        var context = new TestPluginContext(leechConfig);
        var plugin = new BitTorrentPlugin();
        await plugin.StartAsync(context, CancellationToken.None);
        try
        {
            var seeded = await seedPlugin.Handler!.SeedAsync(new SeedRequest(seedDir.Combine("share")), CancellationToken.None);
            await ((Torrent)seeded.Handle).WaitForStartAsync();
            var handle = await plugin.Handler!.StartAsync(
                new TransferRequest(TransferSource.FromContent(seeded.Metainfo!.Value), leechDir.Path) { Peers = [$"127.0.0.1:{seedPlugin.Engine!.ListenPort}"] },
                CancellationToken.None);
            await Poll.UntilAsync(() => handle.GetStatus().State == TransferState.Seeding, Timeout, context.TestLogger.Dump);
            Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "data.bin")), File.ReadAllBytes(leechDir.Combine("share", "data.bin")));
        }
        finally
        {
            await plugin.StopAsync(CancellationToken.None);
            await seedPlugin.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_engine_that_requires_encryption_refuses_a_plain_handshake()
    {
        using var dir = new TempFolder("mt-bt");
        dir.WriteFile("share/data.bin", TestData.Bytes(20_000, 92));
        var config = Loopback();
        config["Encryption"] = "required";
        var context = new TestPluginContext(config);
        var plugin = new BitTorrentPlugin();
        await plugin.StartAsync(context, CancellationToken.None);
        try
        {
            var seeded = await plugin.Handler!.SeedAsync(new SeedRequest(dir.Combine("share")), CancellationToken.None);
            await ((Torrent)seeded.Handle).WaitForStartAsync();
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, plugin.Engine!.ListenPort);
            var stream = client.GetStream();
            var handshake = new byte[68];
            handshake[0] = 19;
            "BitTorrent protocol"u8.CopyTo(handshake.AsSpan(1));
            ((Torrent)seeded.Handle).InfoHash.AsSpan().CopyTo(handshake.AsSpan(28));
            await stream.WriteAsync(handshake);
            var read = await stream.ReadAsync(new byte[68]).AsTask().WaitAsync(Timeout);
            Assert.Equal(0, read);
            Assert.Empty(seeded.Handle.GetPeers());
        }
        finally
        {
            await plugin.StopAsync(CancellationToken.None);
        }
    }
}
