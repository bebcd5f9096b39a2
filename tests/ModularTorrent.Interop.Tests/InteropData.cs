using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Tests.Support;

namespace ModularTorrent.Interop.Tests;

public static class InteropData
{
    /// <summary>
    /// A folder "share" whose file sizes are not multiples of the piece length, so pieces cross file
    /// boundaries (and one piece spans three files).
    /// </summary>
    public static void WriteShare(TempDirectory dir, int scale = 1)
    {
        dir.WriteFile("share/a.bin", TestData.Bytes(100_001 * scale, 11));
        dir.WriteFile("share/b/tiny.txt", TestData.Bytes(5_000, 12));
        dir.WriteFile("share/b/c.bin", TestData.Bytes(250_007 * scale, 13));
        dir.WriteFile("share/z.bin", TestData.Bytes(33_333 * scale, 14));
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
