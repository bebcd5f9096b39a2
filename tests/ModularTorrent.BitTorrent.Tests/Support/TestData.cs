namespace ModularTorrent.BitTorrent.Tests.Support;

public static class TestData
{
    /// <summary>Deterministic pseudo-random bytes so failures reproduce.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
