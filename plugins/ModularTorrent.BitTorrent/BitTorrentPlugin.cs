using System.Globalization;
using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent;

/// <summary>
/// The plugin entry point: builds a <see cref="BitTorrentEngine"/> from the host's configuration and
/// registers the "bittorrent" protocol handler. Stopping stops every torrent cleanly and saves resume
/// data, so a replaced plugin continues without downloading verified pieces again.
/// </summary>
public sealed class BitTorrentPlugin : IPlugin
{
    private BitTorrentEngine? _engine;

    /// <summary>The running engine (null before start and after stop).</summary>
    public BitTorrentEngine? Engine => _engine;

    /// <summary>The registered handler (null before start).</summary>
    public BitTorrentProtocolHandler? Handler { get; private set; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A configuration value is invalid; the message names the key.</exception>
    public async Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = ReadSettings(context.Configuration);
        var engine = new BitTorrentEngine(settings, new EngineServices
        {
            Clock = context.Clock,
            Logger = context.Logger,
            Events = context.Events,
            Resume = context.Resume,
            State = context.State,
            Extensions = context.Extensions,
        });
        try
        {
            await engine.StartAsync(cancellationToken);
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }

        _engine = engine;
        Handler = new BitTorrentProtocolHandler(engine);
        context.Extensions.Register<IProtocolHandler>(Handler);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var engine = Interlocked.Exchange(ref _engine, null);
        if (engine is null)
        {
            return;
        }

        await engine.StopAsync(cancellationToken);
        await engine.DisposeAsync();
    }

    /// <summary>Reads <c>ListenPort</c>, <c>ListenAddress</c>, <c>MaxConnections</c>, <c>MaxConnectionsPerTorrent</c>, <c>DownloadLimit</c>, <c>UploadLimit</c> (bytes/s), <c>Dht</c>, <c>DhtBootstrap</c>, <c>Lsd</c>, <c>LsdInterface</c>, <c>DialPeers</c>, <c>Encryption</c>.</summary>
    public static EngineSettings ReadSettings(IPluginConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new EngineSettings();
        return defaults with
        {
            ListenPort = (int)ReadNumber(configuration, "ListenPort", defaults.ListenPort, 0, 65535),
            ListenAddress = ReadAddress(configuration, "ListenAddress", defaults.ListenAddress),
            MaxConnections = (int)ReadNumber(configuration, "MaxConnections", defaults.MaxConnections, 1, 100_000),
            MaxConnectionsPerTorrent = (int)ReadNumber(configuration, "MaxConnectionsPerTorrent", defaults.MaxConnectionsPerTorrent, 1, 100_000),
            DownloadLimit = ReadNumber(configuration, "DownloadLimit", 0, 0, long.MaxValue),
            UploadLimit = ReadNumber(configuration, "UploadLimit", 0, 0, long.MaxValue),
            Dht = ReadDht(configuration),
            Lsd = ReadLsd(configuration),
            DialPeers = ReadSwitch(configuration, "DialPeers", defaults.DialPeers),
            Encryption = ReadEncryption(configuration),
        };
    }

    // "Lsd" = true turns BEP 14 on; "LsdInterface" is the address of the interface to multicast on (the system's
    // choice by default). Off by default: announces reach the whole local network.
    private static Lsd.LsdSettings? ReadLsd(IPluginConfiguration configuration)
    {
        if (!ReadSwitch(configuration, "Lsd", fallback: false))
        {
            return null;
        }

        var address = configuration["LsdInterface"];
        return new Lsd.LsdSettings
        {
            Interface = string.IsNullOrWhiteSpace(address) ? null : ReadAddress(configuration, "LsdInterface", IPAddress.Any),
        };
    }

    private static bool ReadSwitch(IPluginConfiguration configuration, string key, bool fallback) =>
        ReadValue(configuration, key, fallback, "true or false", static (string text, out bool value) => bool.TryParse(text, out value));

    // "Encryption" = enabled (default, as libtorrent: offer RC4, fall back to plain, accept both) | required (RC4 only)
    // | disabled (plain only). Names only: Enum.TryParse would also take "1".
    private static Encryption.MseSettings? ReadEncryption(IPluginConfiguration configuration) =>
        Encryption.MseSettings.For(ReadValue(
            configuration,
            "Encryption",
            Encryption.EncryptionMode.Enabled,
            "disabled, enabled or required",
            static (string text, out Encryption.EncryptionMode value) => Encryption.MseSettings.TryParseMode(text, out value)));

    // "Dht" = true turns the DHT on; "DhtBootstrap" lists host:port entries to join through (none by default:
    // the operator chooses the routers, so nothing leaves the machine unless configured).
    private static Dht.DhtSettings? ReadDht(IPluginConfiguration configuration)
    {
        if (!ReadSwitch(configuration, "Dht", fallback: false))
        {
            return null;
        }

        var bootstrap = configuration["DhtBootstrap"];
        try
        {
            return new Dht.DhtSettings
            {
                BootstrapNodes = string.IsNullOrWhiteSpace(bootstrap) ? [] : Dht.DhtSettings.ParseBootstrapNodes(bootstrap.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            };
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"Configuration 'DhtBootstrap' = '{bootstrap}' is invalid: {ex.Message}", ex);
        }
    }

    private static long ReadNumber(IPluginConfiguration configuration, string key, long fallback, long min, long max) =>
        ReadValue(
            configuration,
            key,
            fallback,
            $"a whole number between {min} and {max}",
            (string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);

    private static IPAddress ReadAddress(IPluginConfiguration configuration, string key, IPAddress fallback) =>
        ReadValue(configuration, key, fallback, "an IP address", static (string text, out IPAddress value) => IPAddress.TryParse(text, out value!));

    private delegate bool TryParseSetting<T>(string text, out T value);

    /// <summary>The setting's value, <paramref name="fallback"/> when it is unset, or one line naming the key and what it must be.</summary>
    private static T ReadValue<T>(IPluginConfiguration configuration, string key, T fallback, string expected, TryParseSetting<T> tryParse)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return tryParse(text, out var value)
            ? value
            : throw new InvalidOperationException($"Configuration '{key}' = '{text}' is not {expected}.");
    }
}
