using System.Net;
using ModularTorrent.Cli;

namespace ModularTorrent.Cli.Tests;

public sealed class PeerEndPointParserTests
{
    [Theory]
    [InlineData("127.0.0.1:6881", "127.0.0.1", 6881)]
    [InlineData("[::1]:51413", "::1", 51413)]
    [InlineData("localhost:7000", null, 7000)]
    public async Task Parses_addresses_and_names(string text, string? address, int port)
    {
        var endPoint = await PeerEndPointParser.ParseAsync(text, CancellationToken.None);

        Assert.Equal(port, endPoint.Port);
        if (address is null)
        {
            Assert.True(IPAddress.IsLoopback(endPoint.Address));
        }
        else
        {
            Assert.Equal(IPAddress.Parse(address), endPoint.Address);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", "is not HOST:PORT")]
    [InlineData("127.0.0.1:", "is not HOST:PORT")]
    [InlineData("127.0.0.1:0", "has no valid port")]
    [InlineData("127.0.0.1:65536", "has no valid port")]
    [InlineData("host:http", "has no valid port")]
    public async Task Refuses_bad_peers_with_a_reason(string text, string reason)
    {
        var ex = await Assert.ThrowsAsync<CliException>(() => PeerEndPointParser.ParseAsync(text, CancellationToken.None));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, ex.ExitCode);
    }
}
