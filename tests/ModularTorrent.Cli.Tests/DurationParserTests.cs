using ModularTorrent.Cli;

namespace ModularTorrent.Cli.Tests;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("90", 90)]
    [InlineData("1.5", 1.5)]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("1H2M3S", 3723)]
    [InlineData("00:01:30", 90)]
    public void Accepts_positive_durations(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("5x")]
    [InlineData("m")]
    [InlineData("10m5")]
    [InlineData("00:00:00")]
    [InlineData("1e400")]
    public void Refuses_anything_else(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }
}
