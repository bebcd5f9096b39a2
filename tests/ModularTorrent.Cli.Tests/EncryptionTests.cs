using System.CommandLine;
using ModularTorrent.BitTorrent.Encryption;
using ModularTorrent.Cli;
using ModularTorrent.Interop.Tests;

namespace ModularTorrent.Cli.Tests;

/// <summary>
/// <c>--encryption</c> on <c>get</c> and <c>seed</c>: how it is read, and <c>mt get</c> as a process against a libtorrent
/// seeder that accepts RC4-encrypted connections only (libtorrent's <c>pe_forced</c>).
/// </summary>
public sealed class EncryptionTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private readonly TempFolder _folder = new();
    private LibtorrentProcess? _seeder;

    public void Dispose()
    {
        _seeder?.Dispose();
        _folder.Dispose();
    }

    private static ParseResult Parse(params string[] args) => MtApp.Build(new CliRun().Environment).Parse(args);

    [Theory]
    [InlineData("get", "x.torrent", "-o", "out")]
    [InlineData("seed", "x.torrent", "dir")]
    public void Encryption_is_enabled_unless_told_otherwise(params string[] args)
    {
        Assert.Equal(EncryptionMode.Enabled, Parse(args).GetValue<EncryptionMode>("--encryption"));
        Assert.Equal(EncryptionMode.Required, Parse([.. args, "--encryption", "REQUIRED"]).GetValue<EncryptionMode>("--encryption"));
        Assert.Equal(EncryptionMode.Disabled, Parse([.. args, "--encryption", "disabled"]).GetValue<EncryptionMode>("--encryption"));
    }

    [Theory]
    [InlineData("sometimes")]
    [InlineData("1")]
    public void Anything_else_is_refused_naming_the_option(string value) =>
        Assert.Contains(Parse("get", "x.torrent", "-o", "out", "--encryption", value).Errors, e => e.Message == $"--encryption '{value}' is not disabled, enabled or required.");

    [Theory]
    [InlineData("required")]
    [InlineData("enabled")]
    public async Task Get_downloads_from_a_libtorrent_that_forces_rc4(string mode)
    {
        var (torrent, port) = await StartForcedSeederAsync();

        using var get = new MtProcess("get", torrent, "-o", _folder.Combine("out"), "--peer", $"127.0.0.1:{port}", "--encryption", mode, "--max-time", "60");
        var code = await get.WaitAsync(Bound);

        Assert.True(code == ExitCodes.Success, $"{get.Out}\n{get.Error}");
        Assert.Equal(File.ReadAllBytes(_folder.Combine("share", "album.bin")), File.ReadAllBytes(_folder.Combine("out", "share", "album.bin")));
    }

    [Fact]
    public async Task Get_with_encryption_disabled_gets_nothing_from_it_and_times_out()
    {
        var (torrent, port) = await StartForcedSeederAsync();

        using var get = new MtProcess("get", torrent, "-o", _folder.Combine("out"), "--peer", $"127.0.0.1:{port}", "--encryption", "disabled", "--max-time", "4s");
        var code = await get.WaitAsync(Bound);

        Assert.Equal(ExitCodes.TimedOut, code);
        Assert.Contains("0.0% verified, 0 peers connected", get.Error, StringComparison.Ordinal);
    }

    private async Task<(string Torrent, int Port)> StartForcedSeederAsync()
    {
        LibtorrentProcess.RequireLibtorrent();
        _folder.WriteRandomFile("share/album.bin", 1_500_000);
        var torrent = _folder.Combine("share.torrent");
        var (code, run) = await CliRun.RunAsync("create", _folder.Combine("share"), "-o", torrent);
        Assert.True(code == ExitCodes.Success, run.Error);
        var port = FreePort.TcpAndUdp();
        _seeder = LibtorrentProcess.Seed(torrent, _folder.Path, port, options: ["--encryption", "forced"]);
        await _seeder.WaitUntilAsync(s => s.Seeding, Bound, "seeding");
        return (torrent, port);
    }
}
