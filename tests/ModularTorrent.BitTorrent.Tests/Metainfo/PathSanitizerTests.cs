using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Metainfo;

public sealed class PathSanitizerTests
{
    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    public void Dangerous_segments_are_rejected(string segment) =>
        Assert.Throws<MetainfoException>(() => PathSanitizer.SanitizeSegment(segment));

    [Theory]
    [InlineData("a:b*c?.txt", "a_b_c_.txt")]
    [InlineData("tab\there", "tab_here")]
    [InlineData("trailing. ", "trailing")]
    [InlineData("CON.txt", "_CON.txt")]
    [InlineData("...", "_")]
    [InlineData("normal name.mkv", "normal name.mkv")]
    public void Invalid_characters_are_replaced(string segment, string expected) =>
        Assert.Equal(expected, PathSanitizer.SanitizeSegment(segment));

    [Fact]
    public void Long_names_are_cut_to_255_bytes() =>
        Assert.Equal(255, PathSanitizer.SanitizeSegment(new string('x', 400)).Length);

    [Fact]
    public void Combine_keeps_paths_inside_the_root()
    {
        using var dir = new TempFolder("mt-bt");
        Assert.Equal(Path.Combine(dir.Path, "a", "b.txt"), PathSanitizer.Combine(dir.Path, "a/b.txt"));
        Assert.Throws<MetainfoException>(() => PathSanitizer.Combine(dir.Path, "../x"));
        Assert.Throws<MetainfoException>(() => PathSanitizer.Combine(dir.Path, "/etc/passwd"));
        Assert.Throws<MetainfoException>(() => PathSanitizer.Combine(dir.Path, "a/../../x"));
    }
}
