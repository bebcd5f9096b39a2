using System.CommandLine;
using ModularTorrent.Cli;

namespace ModularTorrent.Cli.Tests;

/// <summary>How <c>--dht</c>, <c>--dht-bootstrap</c> and <c>--dht-state</c> are read on <c>get</c> and <c>seed</c>.</summary>
public sealed class DhtOptionTests
{
    private static ParseResult Parse(params string[] args) => MtApp.Build(new CliRun().Environment).Parse(args);

    [Theory]
    [InlineData("get", "x.torrent", "-o", "out")]
    [InlineData("seed", "x.torrent", "dir")]
    public void The_dht_is_off_unless_asked_for(params string[] args)
    {
        var parse = Parse(args);

        Assert.Empty(parse.Errors);
        Assert.False(parse.GetValue<bool>("--dht"));
        Assert.Empty(parse.GetValue<string[]>("--dht-bootstrap") ?? []);
    }

    [Theory]
    [InlineData("get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "-o", "out")]
    [InlineData("seed", "x.torrent", "dir")]
    public void Bootstrap_nodes_repeat_and_keep_their_order(params string[] args)
    {
        var parse = Parse([.. args, "--dht-bootstrap", "127.0.0.1:6881", "--dht-bootstrap", "localhost:7000", "--dht"]);

        Assert.Empty(parse.Errors);
        Assert.True(parse.GetValue<bool>("--dht"));
        Assert.Equal(["127.0.0.1:6881", "localhost:7000"], parse.GetValue<string[]>("--dht-bootstrap") ?? []);
    }

    [Fact]
    public void One_bootstrap_value_per_flag()
    {
        var parse = Parse("get", "x.torrent", "-o", "out", "--dht-bootstrap", "127.0.0.1:1", "127.0.0.1:2");

        Assert.Contains(parse.Errors, e => e.Message.Contains("127.0.0.1:2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, new string[0], false)]
    [InlineData(true, new string[0], true)]
    [InlineData(false, new[] { "127.0.0.1:6881" }, true)]
    public void A_bootstrap_node_turns_the_dht_on(bool dht, string[] bootstrap, bool enabled) =>
        Assert.Equal(enabled, new TransferArguments("x.torrent", "out", 0, [], null, false, dht, bootstrap).DhtEnabled);

    [Fact]
    public void A_state_file_turns_the_dht_on_and_resolves_to_a_full_path()
    {
        var parse = Parse("get", "x.torrent", "-o", "out", "--dht-state", "dht.dat");

        Assert.Empty(parse.Errors);
        Assert.Equal(Path.GetFullPath("dht.dat"), parse.GetValue<string?>("--dht-state"));
        Assert.True(new TransferArguments("x.torrent", "out", 0, [], null, false, false, [], DhtState: Path.GetFullPath("dht.dat")).DhtEnabled);
    }
}
