using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Support;

/// <summary>The one-file share most engine tests transfer: <c>share/file.bin</c> of deterministic bytes in a temp folder.</summary>
public static class TestShares
{
    /// <summary>
    /// Writes <c>share/file.bin</c> (<paramref name="length"/> bytes of <see cref="TestData.Bytes"/> with
    /// <paramref name="seed"/>) into <paramref name="dir"/> and returns the metainfo our creator makes of it.
    /// </summary>
    public static async Task<TorrentMetainfo> OneFileAsync(TempFolder dir, int length, int seed, int pieceLength = 16384, bool isPrivate = false)
    {
        dir.WriteFile("share/file.bin", TestData.Bytes(length, seed));
        var options = new TorrentCreateOptions { PieceLength = pieceLength, Private = isPrivate };
        return TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(dir.Combine("share"), options));
    }

    /// <summary>Asserts that <paramref name="actual"/> holds the same <c>share/file.bin</c> as <paramref name="expected"/>.</summary>
    public static void AssertSameFile(TempFolder expected, TempFolder actual) =>
        Assert.Equal(File.ReadAllBytes(expected.Combine("share", "file.bin")), File.ReadAllBytes(actual.Combine("share", "file.bin")));
}
