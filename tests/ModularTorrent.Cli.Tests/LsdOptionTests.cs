using System.CommandLine;
using System.Net;
using ModularTorrent.Cli;

namespace ModularTorrent.Cli.Tests;

/// <summary>How <c>--lsd</c> and <c>--lsd-interface</c> are read on <c>get</c> and <c>seed</c>, and what bad values end with.</summary>
public sealed class LsdOptionTests : IDisposable
{
    private static readonly IPAddress[] Local = [IPAddress.Loopback, IPAddress.Parse("192.168.1.10")];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ParseResult Parse(params string[] args) => MtApp.Build(new CliRun().Environment).Parse(args);

    /// <summary>An IPv4 address no interface of this machine has (the parser checks against the real list).</summary>
    private static string ForeignAddress()
    {
        var local = LsdInterfaceParser.LocalAddresses() ?? [];
        for (var last = 1; last < 255; last++)
        {
            var candidate = IPAddress.Parse($"203.0.113.{last}");
            if (!local.Contains(candidate))
            {
                return candidate.ToString();
            }
        }

        throw new InvalidOperationException("Every address of 203.0.113.0/24 is on this machine.");
    }

    [Theory]
    [InlineData("get", "x.torrent", "-o", "out")]
    [InlineData("seed", "x.torrent", "dir")]
    public void Lsd_is_off_unless_asked_for(params string[] args)
    {
        var parse = Parse(args);

        Assert.Empty(parse.Errors);
        Assert.False(parse.GetValue<bool>("--lsd"));
        Assert.Null(parse.GetValue<IPAddress?>("--lsd-interface"));
    }

    [Theory]
    [InlineData("get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "-o", "out")]
    [InlineData("seed", "x.torrent", "dir")]
    public void Lsd_interface_is_read_as_an_address(params string[] args)
    {
        var parse = Parse([.. args, "--lsd-interface", "127.0.0.1"]);

        Assert.Empty(parse.Errors);
        Assert.False(parse.GetValue<bool>("--lsd"));
        Assert.Equal(IPAddress.Loopback, parse.GetValue<IPAddress?>("--lsd-interface"));
    }

    [Fact]
    public void Lsd_alone_leaves_the_interface_to_the_system()
    {
        var parse = Parse("seed", "x.torrent", "dir", "--lsd");

        Assert.Empty(parse.Errors);
        Assert.True(parse.GetValue<bool>("--lsd"));
        Assert.Null(parse.GetValue<IPAddress?>("--lsd-interface"));
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(true, null, true)]
    [InlineData(false, "127.0.0.1", true)]
    public void An_interface_turns_lsd_on(bool lsd, string? address, bool enabled) =>
        Assert.Equal(enabled, new TransferArguments("x.torrent", "out", 0, [], null, false, false, [], lsd, address is null ? null : IPAddress.Parse(address)).LsdEnabled);

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("192.168.1.10", "192.168.1.10")]
    [InlineData("192.168.001.010", "192.168.1.10")] // leading zeros are decimal here, not inet_aton's octal
    public void Dotted_quads_of_local_interfaces_are_taken(string text, string expected)
    {
        Assert.True(LsdInterfaceParser.TryParse(text, Local, out var address, out var error), error);
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("", "--lsd-interface '' is not an IPv4 address; give the address of the interface to multicast on, e.g. 127.0.0.1 or 192.168.1.10.")]
    [InlineData("eth0", "--lsd-interface 'eth0' is not an IPv4 address; give the address of the interface to multicast on, e.g. 127.0.0.1 or 192.168.1.10.")]
    [InlineData("127.1", "--lsd-interface '127.1' is not an IPv4 address;")]
    [InlineData("2130706433", "--lsd-interface '2130706433' is not an IPv4 address;")]
    [InlineData("0x7f.0.0.1", "--lsd-interface '0x7f.0.0.1' is not an IPv4 address;")]
    [InlineData("127.0.0.256", "--lsd-interface '127.0.0.256' is not an IPv4 address;")]
    [InlineData("127.0.0.1.5", "--lsd-interface '127.0.0.1.5' is not an IPv4 address;")]
    [InlineData("127.0.0.", "--lsd-interface '127.0.0.' is not an IPv4 address;")]
    [InlineData("127.0.0.1:6771", "--lsd-interface '127.0.0.1:6771' is not an IPv4 address;")]
    [InlineData("::1", "--lsd-interface '::1' is an IPv6 address; local service discovery runs on IPv4 only (239.192.152.143:6771).")]
    [InlineData("0.0.0.0", "--lsd-interface '0.0.0.0' names no interface; give --lsd alone to let the system choose one.")]
    [InlineData("239.192.152.143", "--lsd-interface '239.192.152.143' is not an address of this machine (its IPv4 addresses: 127.0.0.1, 192.168.1.10).")]
    [InlineData("10.0.0.1", "--lsd-interface '10.0.0.1' is not an address of this machine (its IPv4 addresses: 127.0.0.1, 192.168.1.10).")]
    public void Bad_values_are_refused_with_the_option_named(string text, string message)
    {
        Assert.False(LsdInterfaceParser.TryParse(text, Local, out var address, out var error));
        Assert.Null(address);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_list_of_interfaces_any_address_is_left_to_the_engine()
    {
        Assert.True(LsdInterfaceParser.TryParse("10.0.0.1", null, out var address, out _));
        Assert.Equal(IPAddress.Parse("10.0.0.1"), address);
    }

    [Fact]
    public void This_machine_lists_its_loopback_address() =>
        Assert.Contains(IPAddress.Loopback, LsdInterfaceParser.LocalAddresses() ?? []);

    [Theory]
    [InlineData("get", "x.torrent", "-o", "out", "--lsd-interface", "eth0")]
    [InlineData("seed", "x.torrent", "dir", "--lsd-interface", "::1")]
    [InlineData("get", "x.torrent", "-o", "out", "--lsd-interface", "FOREIGN")]
    public async Task Bad_input_exits_2_with_one_line_naming_the_option(params string[] args)
    {
        var foreign = ForeignAddress();
        args = [.. args.Select(a => a == "FOREIGN" ? foreign : a)];

        var (code, run) = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, code);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 2, run.Error);
        Assert.StartsWith($"mt: --lsd-interface '{args[^1]}' ", lines[0], StringComparison.Ordinal);
        Assert.Equal($"Run 'mt {args[0]} --help' for usage.", lines[1]);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_bad_interface_ends_the_real_process_with_2_before_anything_starts()
    {
        using var get = new MtProcess("get", _folder.Combine("missing.torrent"), "-o", _folder.Combine("out"), "--lsd-interface", "192.168.1");

        Assert.Equal(ExitCodes.InvalidInput, await get.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.StartsWith(
            "mt: --lsd-interface '192.168.1' is not an IPv4 address; give the address of the interface to multicast on, e.g. 127.0.0.1 or 192.168.1.10.",
            get.Error.Trim(),
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.Combine("out")));
    }

    [Fact]
    public async Task The_refusal_of_a_magnet_with_nowhere_to_look_names_lsd()
    {
        // LocalDiscoveryTests shows the other half: with --lsd-interface alone the same kind of link is fetched.
        var (refused, refusedRun) = await CliRun.RunAsync("get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "-o", _folder.Combine("out"));
        Assert.Equal(ExitCodes.InvalidInput, refused);
        Assert.Contains("--lsd (peers on the local network)", refusedRun.Error, StringComparison.Ordinal);
    }
}
