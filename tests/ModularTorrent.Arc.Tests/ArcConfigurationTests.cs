using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Arc.Tests;

public sealed class ArcConfigurationTests
{
    private sealed class Config(Dictionary<string, string?> values) : IPluginConfiguration
    {
        public string? this[string key] => values.TryGetValue(key, out var v) ? v : null;

        public IReadOnlyDictionary<string, string?> AsDictionary() => values;
    }

    [Fact]
    public void Reads_endpoints_in_order_and_settings()
    {
        var options = ArcConfiguration.Read(new Config(new()
        {
            ["Arc:Endpoints:0:Name"] = "taal",
            ["Arc:Endpoints:0:Url"] = "https://arc.example.com",
            ["Arc:Endpoints:0:ApiKey"] = "k0",
            ["Arc:Endpoints:1:Url"] = "https://fallback.example.org",
            ["Arc:Endpoints:1:Enabled"] = "false",
            ["Arc:TransactionsPerSecond"] = "250",
            ["Arc:RequestTimeoutSeconds"] = "2.5",
            ["Arc:CallbackUrl"] = "https://host.example/arc/callback",
            ["Arc:CallbackToken"] = "t",
            ["Arc:FullStatusUpdates"] = "true",
        }));
        Assert.Equal(2, options.Endpoints.Count);
        Assert.Equal("taal", options.Endpoints[0].Name);
        Assert.Equal("k0", options.Endpoints[0].ApiKey);
        Assert.Equal("fallback.example.org", options.Endpoints[1].Name);
        Assert.False(options.Endpoints[1].Enabled);
        Assert.Equal(250, options.TransactionsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.RequestTimeout);
        Assert.True(options.FullStatusUpdates);
        Assert.Equal(100m, options.FallbackFeeRateSatoshisPerKb);
    }

    [Theory]
    [InlineData("Arc:Endpoints:0:Url", "not a url", "Arc:Endpoints:0:Url")]
    [InlineData("Arc:TransactionsPerSecond", "fast", "Arc:TransactionsPerSecond")]
    [InlineData("Arc:TransactionsPerSecond", "-1", "TransactionsPerSecond")]
    [InlineData("Arc:FullStatusUpdates", "yes", "Arc:FullStatusUpdates")]
    [InlineData("Arc:CallbackUrl", "https://h/cb", "CallbackToken")]
    public void Bad_values_name_the_key(string key, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ArcConfiguration.Read(new Config(new() { [key] = value })));
        Assert.Contains(expected, e.Message);
    }
}
