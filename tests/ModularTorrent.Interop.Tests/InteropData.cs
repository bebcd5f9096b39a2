using ModularTorrent.BitTorrent.Metainfo;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Tests.Support;

namespace ModularTorrent.Interop.Tests;

public static class InteropData
{
    /// <summary>
    /// A folder "share" whose file sizes are not multiples of the piece length, so pieces cross file
    /// boundaries (and one piece spans three files).
    /// </summary>
    public static void WriteShare(TempFolder dir, int scale = 1)
    {
        dir.WriteFile("share/a.bin", TestData.Bytes(100_001 * scale, 11));
        dir.WriteFile("share/b/tiny.txt", TestData.Bytes(5_000, 12));
        dir.WriteFile("share/b/c.bin", TestData.Bytes(250_007 * scale, 13));
        dir.WriteFile("share/z.bin", TestData.Bytes(33_333 * scale, 14));
    }

    /// <summary>Writes the share into <paramref name="dir"/>, makes its .torrent with our creator (32 KiB pieces) and saves it as share.torrent.</summary>
    public static async Task<(TorrentMetainfo Metainfo, string TorrentPath)> WriteShareTorrentAsync(TempFolder dir, int scale = 1)
    {
        WriteShare(dir, scale);
        var bytes = await TorrentCreator.CreateAsync(dir.Combine("share"), new TorrentCreateOptions { PieceLength = 32 * 1024 });
        var torrentPath = dir.Combine("share.torrent");
        await File.WriteAllBytesAsync(torrentPath, bytes);
        return (TorrentMetainfo.Parse(bytes), torrentPath);
    }

    /// <summary>
    /// Writes the share into <paramref name="dir"/> and makes its .torrent with libtorrent's own creator, saved as
    /// share.torrent; returns it parsed by us, and its path.
    /// </summary>
    public static async Task<(TorrentMetainfo Metainfo, string TorrentPath)> WriteShareLibtorrentTorrentAsync(TempFolder dir, int pieceLength = 32 * 1024, int scale = 1, bool isPrivate = false)
    {
        WriteShare(dir, scale);
        var torrentPath = dir.Combine("share.torrent");
        await LibtorrentProcess.CreateTorrentAsync(dir.Combine("share"), torrentPath, pieceLength, isPrivate);
        return (TorrentMetainfo.Parse(await File.ReadAllBytesAsync(torrentPath)), torrentPath);
    }

    public static void AssertSameFiles(string expectedRoot, string actualRoot)
    {
        var expected = Directory.GetFiles(expectedRoot, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expectedRoot, f)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        foreach (var file in expected)
        {
            var actual = Path.Combine(actualRoot, file);
            Assert.True(File.Exists(actual), $"{file} is missing");
            var expectedHash = Convert.ToHexString(SHA1.HashData(File.ReadAllBytes(Path.Combine(expectedRoot, file))));
            var actualHash = Convert.ToHexString(SHA1.HashData(File.ReadAllBytes(actual)));
            Assert.True(expectedHash == actualHash, $"{file} differs ({new FileInfo(actual).Length} bytes, expected {new FileInfo(Path.Combine(expectedRoot, file)).Length})");
        }
    }
}
