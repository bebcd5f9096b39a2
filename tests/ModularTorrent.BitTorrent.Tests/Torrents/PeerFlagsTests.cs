using System.Net;
using ModularTorrent.BitTorrent.Dht;
using ModularTorrent.BitTorrent.Encryption;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

/// <summary>
/// The peer flags an operator reads in the peers list (<see cref="TransferPeer.Flags"/>): how the connection was found
/// (H DHT, X PEX, L LSD), who dialed (I), which way data flows (D, U) and whether it is encrypted (E). Seeders are
/// upload-limited so the connections live long enough to be looked at.
/// </summary>
public sealed class PeerFlagsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static bool AnyPeerHas(ITransferHandle torrent, params char[] flags) =>
        torrent.GetPeers().Any(p => flags.All(f => p.Flags.Contains(f, StringComparison.Ordinal)));

    private static string Flags(ITransferHandle torrent) => string.Join(", ", torrent.GetPeers().Select(p => $"{p.Endpoint} [{p.Flags}]"));

    [Fact]
    public async Task A_peer_found_through_the_dht_over_rc4_reads_H_D_E_and_the_seed_sees_I_U_E()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 600_000, 91);
        var rc4 = new MseSettings { Mode = EncryptionMode.Required };
        var seedSettings = TestEngines.LoopbackSettings(uploadLimit: 65_536) with { Dht = new DhtSettings(), Encryption = rc4 };
        var seedContext = new TestPluginContext();
        await using var seeder = await TestEngines.StartAsync(seedContext, seedSettings);
        var seed = await seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path));
        await seed.WaitForStartAsync();

        var leechSettings = TestEngines.LoopbackSettings() with
        {
            Dht = new DhtSettings { BootstrapNodes = [new DnsEndPoint("127.0.0.1", seeder.ListenPort)] },
            Encryption = rc4,
        };
        await using var leecher = await TestEngines.StartAsync(new TestPluginContext(), leechSettings);
        var leech = await leecher.AddAsync(metainfo, new TorrentOptions(leechDir.Path));

        await Poll.UntilAsync(() => AnyPeerHas(leech, 'H', 'D', 'E'), Bound, () => Flags(leech) + seedContext.TestLogger.Dump());
        await Poll.UntilAsync(() => AnyPeerHas(seed, 'I', 'U', 'E'), Bound, () => Flags(seed));
        Assert.All(leech.GetPeers(), p => Assert.DoesNotContain('I', p.Flags));
        Assert.All(seed.GetPeers(), p => Assert.DoesNotContain('H', p.Flags));
    }

    [Fact]
    public async Task A_peer_heard_on_local_service_discovery_reads_L_and_a_plain_connection_has_no_E()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 600_000, 92);
        var lsd = LocalDiscoveryTests.LsdSettingsOnLoopback();
        await using var engines = await EnginePair.StartAsync(lsd with { UploadLimit = 65_536 }, lsd);
        await (await engines.Seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path))).WaitForStartAsync();
        var leech = await engines.Leecher.AddAsync(metainfo, new TorrentOptions(leechDir.Path));

        // Either side may hear the other's announce first and dial, so the L is on the dialing side.
        var seed = engines.Seeder.Find(metainfo.InfoHash)!;
        await Poll.UntilAsync(() => AnyPeerHas(leech, 'L') || AnyPeerHas(seed, 'L'), Bound, () => Flags(leech) + " / " + Flags(seed) + engines.Logs());
        Assert.All(leech.GetPeers().Concat(seed.GetPeers()), p => Assert.DoesNotContain('E', p.Flags));
    }

    [Fact]
    public async Task A_peer_heard_of_through_pex_reads_X()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var bDir = new TempFolder("mt-bt");
        using var cDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 600_000, 93);
        await using var trio = await PexTrio.StartAsync(metainfo, seedDir.Path, bDir.Path, cDir.Path, seedUploadLimit: 65_536);
        var (aTorrent, bTorrent, cTorrent) = (trio.ATorrent, trio.BTorrent, trio.CTorrent);

        // B tells C of A (or A of C); whoever dials the other marks that connection X. Given peers carry no source flag.
        await Poll.UntilAsync(() => AnyPeerHas(cTorrent, 'X') || AnyPeerHas(aTorrent, 'X'), Bound, () => Flags(cTorrent) + " / " + Flags(aTorrent));
        Assert.All(bTorrent.GetPeers(), p => Assert.DoesNotContain('X', p.Flags));
    }
}
