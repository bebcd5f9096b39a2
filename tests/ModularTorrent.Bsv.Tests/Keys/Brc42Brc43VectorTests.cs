using System.Text.Json;
using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Keys;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Keys;

public sealed class Brc42Brc43VectorTests
{
    [Fact]
    public void Brc42_private_vectors()
    {
        var cases = Vectors.Json("brc42_private.json");
        Assert.Equal(5, cases.GetArrayLength());
        foreach (var c in cases.EnumerateArray())
        {
            var recipient = PrivateKey.FromHex(c.GetProperty("recipientPrivateKey").GetString()!);
            var sender = PublicKey.FromHex(c.GetProperty("senderPublicKey").GetString()!);
            var child = recipient.DeriveChild(sender, c.GetProperty("invoiceNumber").GetString()!);
            Assert.Equal(c.GetProperty("privateKey").GetString(), child.ToHex());
        }
    }

    [Fact]
    public void Brc42_public_vectors()
    {
        var cases = Vectors.Json("brc42_public.json");
        Assert.Equal(5, cases.GetArrayLength());
        foreach (var c in cases.EnumerateArray())
        {
            var sender = PrivateKey.FromHex(c.GetProperty("senderPrivateKey").GetString()!);
            var recipient = PublicKey.FromHex(c.GetProperty("recipientPublicKey").GetString()!);
            var child = recipient.DeriveChild(sender, c.GetProperty("invoiceNumber").GetString()!);
            Assert.Equal(c.GetProperty("publicKey").GetString(), child.ToString());
        }
    }

    [Fact]
    public void Brc42_child_private_and_public_keys_agree()
    {
        var alice = PrivateKey.Random();
        var bob = PrivateKey.Random();
        var pub = bob.PublicKey.DeriveChild(alice, "2-bittorrent micropayment-7");
        var priv = bob.DeriveChild(alice.PublicKey, "2-bittorrent micropayment-7");
        Assert.Equal(pub, priv.PublicKey);
    }

    [Fact]
    public void Brc3_signature_compliance_vector_verifies()
    {
        var v = Vectors.Json("brc2_brc3_wallet_compliance.json").GetProperty("brc3_signature");
        var wallet = new ProtoWallet(PrivateKey.FromHex(v.GetProperty("verifierRootPrivateKey").GetString()!));
        var data = System.Text.Encoding.UTF8.GetBytes(v.GetProperty("dataUtf8").GetString()!);
        var sig = Hex.Decode(v.GetProperty("signatureDER").GetString()!);
        var protocol = Protocol(v);
        var counterparty = Counterparty.Parse(v.GetProperty("counterparty").GetString()!);
        Assert.True(wallet.VerifySignature(data, sig, protocol, v.GetProperty("keyID").GetString()!, counterparty));
        data[0] ^= 1;
        Assert.False(wallet.VerifySignature(data, sig, protocol, v.GetProperty("keyID").GetString()!, counterparty));
    }

    [Fact]
    public void Brc2_hmac_compliance_vector()
    {
        var v = Vectors.Json("brc2_brc3_wallet_compliance.json").GetProperty("brc2_hmac");
        var wallet = new ProtoWallet(PrivateKey.FromHex(v.GetProperty("rootPrivateKey").GetString()!));
        var data = System.Text.Encoding.UTF8.GetBytes(v.GetProperty("dataUtf8").GetString()!);
        var counterparty = Counterparty.Parse(v.GetProperty("counterparty").GetString()!);
        var hmac = wallet.CreateHmac(data, Protocol(v), v.GetProperty("keyID").GetString()!, counterparty);
        Assert.Equal(v.GetProperty("hmac").GetString(), Hex.Encode(hmac));
        Assert.True(wallet.VerifyHmac(data, hmac, Protocol(v), v.GetProperty("keyID").GetString()!, counterparty));
    }

    [Fact]
    public void Brc2_encryption_compliance_vector_decrypts_and_round_trips()
    {
        var v = Vectors.Json("brc2_brc3_wallet_compliance.json").GetProperty("brc2_encryption");
        var wallet = new ProtoWallet(PrivateKey.FromHex(v.GetProperty("rootPrivateKey").GetString()!));
        var counterparty = Counterparty.Parse(v.GetProperty("counterparty").GetString()!);
        var keyId = v.GetProperty("keyID").GetString()!;
        var plain = wallet.Decrypt(Hex.Decode(v.GetProperty("ciphertext").GetString()!), Protocol(v), keyId, counterparty);
        Assert.Equal(v.GetProperty("plaintextUtf8").GetString(), System.Text.Encoding.UTF8.GetString(plain));
        var again = wallet.Encrypt(plain, Protocol(v), keyId, counterparty);
        Assert.Equal(plain, wallet.Decrypt(again, Protocol(v), keyId, counterparty));
        again[^1] ^= 1;
        Assert.Throws<BsvFormatException>(() => wallet.Decrypt(again, Protocol(v), keyId, counterparty));
    }

    [Fact]
    public void Generated_key_deriver_rows()
    {
        var rows = Vectors.Json("bsv-sdk_generated_p2pkh_brc43.json").GetProperty("keyDeriver");
        Assert.Equal(6, rows.GetArrayLength());
        foreach (var r in rows.EnumerateArray())
        {
            var deriver = new KeyDeriver(PrivateKey.FromHex(r.GetProperty("rootPrivateKey").GetString()!));
            var protocol = Protocol(r);
            var keyId = r.GetProperty("keyID").GetString()!;
            var counterparty = Counterparty.Parse(r.GetProperty("counterparty").GetString()!);
            Assert.Equal(r.GetProperty("invoiceNumber").GetString(), InvoiceNumber.Compute(protocol, keyId));
            Assert.Equal(r.GetProperty("derivedPrivateKey").GetString(), deriver.DerivePrivateKey(protocol, keyId, counterparty).ToHex());
            Assert.Equal(r.GetProperty("derivedPublicKey_forCounterparty").GetString(), deriver.DerivePublicKey(protocol, keyId, counterparty).ToString());
            Assert.Equal(r.GetProperty("derivedPublicKey_forSelf").GetString(), deriver.DerivePublicKey(protocol, keyId, counterparty, forSelf: true).ToString());
            Assert.Equal(r.GetProperty("symmetricKey").GetString(), Hex.Encode(deriver.DeriveSymmetricKey(protocol, keyId, counterparty)));
        }
    }

    [Fact]
    public void Generated_proto_wallet_row_signature_and_hmac()
    {
        var r = Vectors.Json("bsv-sdk_generated_p2pkh_brc43.json").GetProperty("protoWallet");
        var root = PrivateKey.FromHex(r.GetProperty("rootPrivateKey").GetString()!);
        var wallet = new ProtoWallet(root);
        var data = System.Text.Encoding.UTF8.GetBytes(r.GetProperty("dataUtf8").GetString()!);
        var counterpartyKey = PublicKey.FromHex(r.GetProperty("counterparty").GetString()!);
        var keyId = r.GetProperty("keyID").GetString()!;
        var sig = wallet.CreateSignature(data, Protocol(r), keyId, Counterparty.Of(counterpartyKey));
        Assert.Equal(r.GetProperty("createSignatureDER").GetString(), Hex.Encode(sig));
        Assert.Equal(r.GetProperty("createHmac").GetString(), Hex.Encode(wallet.CreateHmac(data, Protocol(r), keyId, Counterparty.Of(counterpartyKey))));
        Assert.True(wallet.VerifySignature(data, sig, Protocol(r), keyId, Counterparty.Of(counterpartyKey), forSelf: true));
    }

    [Theory]
    [InlineData("abc", "5 characters or more")]
    [InlineData("two  spaces", "consecutive spaces")]
    [InlineData("bad-name", "letters, numbers and spaces")]
    [InlineData("payment protocol", "\" protocol\"")]
    public void Invoice_rules_are_enforced(string name, string expected)
    {
        var ex = Assert.Throws<BsvFormatException>(() => InvoiceNumber.Compute(new ProtocolId(SecurityLevel.App, name), "1"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 character", Assert.Throws<BsvFormatException>(() => InvoiceNumber.Compute(new ProtocolId(SecurityLevel.App, "valid name"), string.Empty)).Message, StringComparison.Ordinal);
        Assert.Contains("0, 1, or 2", Assert.Throws<BsvFormatException>(() => InvoiceNumber.Compute(new ProtocolId((SecurityLevel)3, "valid name"), "1")).Message, StringComparison.Ordinal);
        Assert.Equal("1-valid name-1", InvoiceNumber.Compute(new ProtocolId(SecurityLevel.App, "  Valid Name "), "1"));
    }

    private static ProtocolId Protocol(JsonElement e)
    {
        var p = e.GetProperty("protocolID");
        return new ProtocolId((SecurityLevel)p[0].GetInt32(), p[1].GetString()!);
    }
}
