using System.Security.Cryptography;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Keys;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Crypto;

public sealed class EcdsaVectorTests
{
    [Fact]
    public void Rfc6979_six_cases_give_nonce_and_low_s_der()
    {
        var cases = Vectors.Json("ecdsa_rfc6979_6.json");
        Assert.Equal(6, cases.GetArrayLength());
        foreach (var c in cases.EnumerateArray())
        {
            var key = PrivateKey.FromHex(c.GetProperty("key").GetString()!);
            var digest = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(c.GetProperty("msg").GetString()!));
            var nonce = new Rfc6979(key.ToBytes(), digest).Next();
            Assert.Equal(c.GetProperty("nonce").GetString(), Hex.Encode(Secp256k1.To32Bytes(nonce)));
            var sig = key.Sign(digest);
            Assert.Equal(c.GetProperty("signatureDER").GetString(), Hex.Encode(sig.ToDer()));
            Assert.True(sig.IsLowS);
            Assert.True(key.PublicKey.Verify(digest, sig));
            Assert.Equal(sig, EcdsaSignature.FromDer(sig.ToDer()));
        }
    }

    [Fact]
    public void TinySecp256k1_2020_cases_sign_compact_with_recovery_id_and_verify()
    {
        var cases = Vectors.Json("ecdsa_rfc6979_tiny-secp256k1_2020.json");
        Assert.Equal(2020, cases.GetArrayLength());
        var count = 0;
        foreach (var c in cases.EnumerateArray())
        {
            var key = PrivateKey.FromHex(c.GetProperty("d").GetString()!);
            var digest = Hex.Decode(c.GetProperty("m").GetString()!);
            var sig = Ecdsa.Sign(digest, key, out var recoveryId);
            Assert.Equal(c.GetProperty("signature").GetString(), Hex.Encode(sig.ToCompact()));
            Assert.Equal(c.GetProperty("recoveryId").GetInt32(), recoveryId);
            if (count++ % 20 == 0)
            {
                Assert.True(key.PublicKey.Verify(digest, sig));
                var tampered = (byte[])digest.Clone();
                tampered[0] ^= 1;
                Assert.False(key.PublicKey.Verify(tampered, sig));
            }
        }
    }

    [Theory]
    [InlineData("", "length 0")]
    [InlineData("3106020101020101", "SEQUENCE")]
    [InlineData("3007020101020101ff", "trailing")]
    [InlineData("3006020180020101", "negative")]
    [InlineData("300702020001020101", "padding")]
    [InlineData("3006020101030101", "INTEGER tag")]
    [InlineData("3006020101020501", "runs past")]
    [InlineData("3007020101020101", "sequence length")]
    public void Invalid_der_is_rejected_with_a_precise_message(string hex, string expected)
    {
        var ex = Assert.Throws<BsvFormatException>(() => EcdsaSignature.FromDer(Hex.Decode(hex)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
