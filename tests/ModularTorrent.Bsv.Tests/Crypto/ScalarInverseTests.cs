using System.Security.Cryptography;
using ModularTorrent.Bsv.Crypto;
using Org.BouncyCastle.Math;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Crypto;

public sealed class ScalarInverseTests
{
    [Fact]
    public void Matches_BouncyCastle_ModInverse_on_random_and_edge_values()
    {
        var n = Secp256k1.N;
        var values = new List<BigInteger> { BigInteger.One, BigInteger.Two, n.Subtract(BigInteger.One), n.Subtract(BigInteger.Two), n.ShiftRight(1) };
        for (var i = 0; i < 500; i++)
        {
            var v = new BigInteger(1, RandomNumberGenerator.GetBytes(32)).Mod(n);
            if (v.SignValue > 0)
            {
                values.Add(v);
            }
        }

        foreach (var v in values)
        {
            var expected = v.ModInverse(n);
            Assert.Equal(expected, ScalarInverse.Invert(v, secret: false));
            Assert.Equal(expected, ScalarInverse.Invert(v, secret: true));
        }
    }
}
