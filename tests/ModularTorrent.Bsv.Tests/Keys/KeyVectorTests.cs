using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Keys;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Keys;

public sealed class KeyVectorTests
{
    [Fact]
    public void Generated_keys_match_wif_sec_hash160_and_addresses()
    {
        var keys = Vectors.Json("bsv-sdk_generated_p2pkh_brc43.json").GetProperty("keys");
        Assert.Equal(5, keys.GetArrayLength());
        foreach (var k in keys.EnumerateArray())
        {
            var key = PrivateKey.FromHex(k.GetProperty("privateKey").GetString()!);
            Assert.Equal(k.GetProperty("wifMainnet").GetString(), key.ToWif());
            Assert.Equal(key, PrivateKey.FromWif(k.GetProperty("wifMainnet").GetString()!, out var network, out var compressed));
            Assert.Equal(Network.Mainnet, network);
            Assert.True(compressed);
            Assert.Equal(k.GetProperty("publicKeyCompressed").GetString(), key.PublicKey.ToString());
            Assert.Equal(k.GetProperty("publicKeyUncompressed").GetString(), Hex.Encode(key.PublicKey.ToUncompressed()));
            Assert.Equal(key.PublicKey, PublicKey.FromHex(k.GetProperty("publicKeyUncompressed").GetString()!));
            Assert.Equal(k.GetProperty("hash160").GetString(), Hex.Encode(key.PublicKey.ToHash160()));
            Assert.Equal(k.GetProperty("addressMainnet").GetString(), key.PublicKey.ToAddress(Network.Mainnet));
            Assert.Equal(k.GetProperty("addressTestnet").GetString(), key.PublicKey.ToAddress(Network.Testnet));
            var parsed = P2pkhAddress.Parse(k.GetProperty("addressTestnet").GetString()!);
            Assert.Equal(Network.Testnet, parsed.Network);
            Assert.Equal(k.GetProperty("hash160").GetString(), Hex.Encode(parsed.PublicKeyHash.Span));
            var testnetWif = key.ToWif(Network.Testnet);
            Assert.Equal(key, PrivateKey.FromWif(testnetWif, out var tn, out _));
            Assert.Equal(Network.Testnet, tn);
        }
    }

    [Fact]
    public void Ecdh_is_symmetric()
    {
        var a = PrivateKey.Random();
        var b = PrivateKey.Random();
        Assert.Equal(a.DeriveSharedSecret(b.PublicKey), b.DeriveSharedSecret(a.PublicKey));
    }

    [Theory]
    [InlineData("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f817", "SEC encoding")]
    [InlineData("0579be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", "SEC encoding")]
    [InlineData("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b9", "not on the secp256k1 curve")]
    [InlineData("020000000000000000000000000000000000000000000000000000000000000005", "not on the secp256k1 curve")]
    [InlineData("02ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "field prime")]
    public void Bad_public_keys_are_rejected(string hex, string expected)
    {
        var ex = Assert.Throws<BsvFormatException>(() => PublicKey.FromHex(hex));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_wif_and_address_are_rejected()
    {
        Assert.Contains("checksum", Assert.Throws<BsvFormatException>(() => PrivateKey.FromWif("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWo")).Message, StringComparison.Ordinal);
        Assert.Contains("alphabet", Assert.Throws<BsvFormatException>(() => P2pkhAddress.Parse("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAM0")).Message, StringComparison.Ordinal);
        Assert.Contains("between 1 and n-1", Assert.Throws<BsvFormatException>(() => PrivateKey.FromHex(new string('0', 64))).Message, StringComparison.Ordinal);
        Assert.Contains("version byte", Assert.Throws<BsvFormatException>(() => P2pkhAddress.Parse(Base58.EncodeCheck(new byte[21] { 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }))).Message, StringComparison.Ordinal);
    }
}
