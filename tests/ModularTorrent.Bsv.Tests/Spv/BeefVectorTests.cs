using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Spv;
using ModularTorrent.Bsv.Transactions;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Spv;

public sealed class BeefVectorTests
{
    private static System.Text.Json.JsonElement File => Vectors.Json("beef_brc62.json");

    private static System.Text.Json.JsonElement Ts => File.GetProperty("tsSdkBeefTests");

    private static KnownRootsChainTracker KnownRoots()
    {
        var tracker = new KnownRootsChainTracker();
        foreach (var p in Ts.GetProperty("knownRoots").EnumerateObject())
        {
            tracker.Add(uint.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), Hash256.Parse(p.Value.GetString()!));
        }

        return tracker;
    }

    [Fact]
    public async Task Brc62_example_round_trips_validates_and_its_subject_signature_verifies()
    {
        var v = File.GetProperty("brc62Example");
        var hex = v.GetProperty("hex").GetString()!;
        var beef = Beef.FromHex(hex);
        Assert.Equal(Beef.V1, beef.Version);
        Assert.Single(beef.Bumps);
        Assert.Equal(814435u, beef.Bumps[0].BlockHeight);
        Assert.Equal(2, beef.Transactions.Count);
        Assert.Equal(hex, beef.ToHex());

        var result = beef.Validate();
        Assert.True(result.IsValid, string.Join(" ", result.Errors));
        var root = Hash256.Parse(v.GetProperty("merkleRoot").GetString()!);
        Assert.Equal(root, result.Roots[814435]);
        Assert.Equal(hex, beef.ToHex());

        var tracker = new KnownRootsChainTracker();
        Assert.False((await beef.VerifyAsync(tracker)).IsValid);
        await Assert.ThrowsAsync<BeefValidationException>(() => beef.EnsureValidAsync(tracker));
        tracker.Add(814435, root);
        Assert.True((await beef.VerifyAsync(tracker)).IsValid);
        await beef.EnsureValidAsync(tracker);

        var subject = beef.GetLinkedTransaction(beef.Transactions[^1].TxId)!;
        Assert.Equal(v.GetProperty("subjectTxEF").GetString(), Hex.Encode(subject.ToExtendedBytes()));
        Assert.True(TransactionSigner.VerifyP2pkhInput(subject, 0));
        Assert.Equal(0x41, subject.Inputs[0].UnlockingScript.Span[1 + subject.Inputs[0].UnlockingScript.Span[0] - 1]);
    }

    [Fact]
    public async Task Ts_sdk_beefs_verify_against_the_known_roots()
    {
        var tracker = KnownRoots();
        var beefs0 = Beef.FromHex(Ts.GetProperty("beefs0").GetString()!);
        Assert.True((await beefs0.VerifyAsync(tracker)).IsValid);
        Assert.Equal(Ts.GetProperty("beefs0").GetString(), beefs0.ToHex());

        // Adding the child transaction keeps it valid, and it now chains to the proven parent.
        var child = Hex.Decode(Ts.GetProperty("txs0_childOfBeefs0").GetString()!);
        var entry = beefs0.AddTransaction(child);
        Assert.Contains(beefs0.Transactions[0].TxId, entry.InputTxIds);
        Assert.True((await beefs0.VerifyAsync(tracker)).IsValid);
        Assert.True(Beef.Parse(beefs0.ToBytes()).Validate().IsValid);

        var b58 = Beef.Parse(Base58.Decode(Ts.GetProperty("b58Beef10").GetString()!));
        Assert.True((await b58.VerifyAsync(tracker)).IsValid);

        // Its BUMP lists a level out of offset order; re-serialization is canonical (sorted) and still verifies.
        var canonical = Beef.Parse(b58.ToBytes());
        Assert.Equal(b58.ToHex(), canonical.ToHex());
        Assert.True((await canonical.VerifyAsync(tracker)).IsValid);
    }

    [Fact]
    public void Bad_version_is_rejected()
    {
        var ex = Assert.Throws<BsvFormatException>(() => Beef.FromHex(Ts.GetProperty("beefs1_badVersion").GetString()!));
        Assert.Contains("Serialized BEEF must start with 4022206465 or 4022206466", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Txid_missing_from_its_bump_is_invalid()
    {
        var beef = Beef.FromHex(Ts.GetProperty("wrongBumpTxid").GetString()!);
        var result = beef.Validate();
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Contains("is not in the BUMP at index 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Child_before_parent_is_valid_and_reserializes_parents_first()
    {
        var hex = Ts.GetProperty("bumpIndexEncoding").GetString()!;
        var beef = Beef.FromHex(hex);
        var child = beef.Transactions[0].TxId;
        Assert.Null(beef.Transactions[0].BumpIndex);
        var result = beef.Validate();
        Assert.True(result.IsValid, string.Join(" ", result.Errors));
        Assert.Equal("3bb99cd4ddda8dfd99caf6cb497b59066102bb1fd387d096317dd5fc2fce40ef", result.Roots[1663598].ToString());
        Assert.Equal(child, beef.Transactions[^1].TxId);
        Assert.NotEqual(hex, beef.ToHex());
        var again = Beef.Parse(beef.ToBytes());
        Assert.Equal(0, again.Transactions[0].BumpIndex);
        Assert.Equal(beef.ToHex(), again.ToHex());
    }

    [Fact]
    public void Double_encoded_transactions_are_kept_once()
    {
        var d = Ts.GetProperty("doubleEncode");
        var beef = Beef.FromHex(d.GetProperty("incorrect").GetString()!);
        Assert.Equal(3, beef.Transactions.Count);
        Assert.Equal(d.GetProperty("correct").GetString(), beef.ToHex());
        Assert.True(beef.Validate().IsValid);
    }

    [Fact]
    public void Scripts_only_beef_chain_validates_and_every_p2pkh_input_verifies()
    {
        var beef = Beef.Parse(Convert.FromBase64String(Ts.GetProperty("scriptsOnlyBeefBase64").GetString()!));
        Assert.Equal(9, beef.Transactions.Count);
        Assert.True(beef.Validate().IsValid);
        var subject = beef.GetLinkedTransaction(beef.Transactions[^1].TxId)!;
        var verified = 0;
        for (var tx = subject; tx is not null && beef.Find(tx.GetTxId())?.HasProof == false; tx = tx.Inputs[0].SourceTransaction)
        {
            for (var i = 0; i < tx.Inputs.Count; i++)
            {
                Assert.True(tx.TryGetSourceOutput(i, out _, out var locking));
                Assert.True(P2pkh.TryGetPublicKeyHash(locking.Span, out _), "expected P2PKH sources");
                Assert.True(TransactionSigner.VerifyP2pkhInput(tx, i));
                verified++;
            }
        }

        Assert.True(verified >= 8, $"verified {verified} inputs");
    }

    [Fact]
    public void Missing_parent_is_reported_precisely()
    {
        var v = File.GetProperty("brc62Example");
        var beef = Beef.FromHex(v.GetProperty("hex").GetString()!);
        var parent = beef.Transactions[0].TxId;
        beef.Transactions.RemoveAt(0);
        var result = beef.Validate();
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Contains("Missing parent", StringComparison.Ordinal) && e.Contains(parent.ToString(), StringComparison.Ordinal));
        var ex = Assert.Throws<BeefValidationException>(() => beef.EnsureValidAsync(new KnownRootsChainTracker()).GetAwaiter().GetResult());
        Assert.Contains("Missing parent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_beef_fails_with_a_format_error_at_every_length()
    {
        var bytes = Hex.Decode(File.GetProperty("brc62Example").GetProperty("hex").GetString()!);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<BsvFormatException>(() => Beef.Parse(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void V2_and_atomic_round_trip()
    {
        var v1 = Beef.FromHex(File.GetProperty("brc62Example").GetProperty("hex").GetString()!);
        var v2 = new Beef(Beef.V2) { AtomicTxId = v1.Transactions[^1].TxId };
        v2.Bumps.AddRange(v1.Bumps);
        foreach (var t in v1.Transactions)
        {
            v2.Transactions.Add(t);
        }

        var bytes = v2.ToBytes();
        var parsed = Beef.Parse(bytes);
        Assert.Equal(Beef.V2, parsed.Version);
        Assert.Equal(v1.Transactions[^1].TxId, parsed.AtomicTxId);
        Assert.True(parsed.Validate().IsValid);
        Assert.Equal(Hex.Encode(bytes), parsed.ToHex());
    }

    [Fact]
    public void Transactions_of_one_block_share_one_merged_bump()
    {
        var file = Vectors.Json("bsv-sdk_generated_p2pkh_brc43.json").GetProperty("p2pkh");
        var a = Hex.Decode(file[0].GetProperty("signedTxHex").GetString()!);
        var b = Hex.Decode(file[1].GetProperty("signedTxHex").GetString()!);
        var txids = new List<Hash256> { Hash256.Compute([1]), Hash256.Compute(a), Hash256.Compute([2]), Hash256.Compute(b), Hash256.Compute([3]) };
        var beef = new Beef();
        beef.AddTransaction(a, MerkleTree.CreatePath(txids, 1, 900_000));
        beef.AddTransaction(b, MerkleTree.CreatePath(txids, 3, 900_000));
        var bump = Assert.Single(beef.Bumps);
        Assert.True(bump.ProvesTxId(Hash256.Compute(a)) && bump.ProvesTxId(Hash256.Compute(b)));
        var result = Beef.Parse(beef.ToBytes()).Validate();
        Assert.True(result.IsValid, string.Join(" ", result.Errors));
        Assert.Equal(MerkleTree.ComputeRoot(txids), result.Roots[900_000]);
    }

    [Fact]
    public void Unproven_transactions_of_the_vector_beefs_have_valid_p2pkh_spends()
    {
        Assert.Empty(BeefSpendVerifier.Verify(Beef.FromHex(File.GetProperty("brc62Example").GetProperty("hex").GetString()!)));
        Assert.Empty(BeefSpendVerifier.Verify(Beef.Parse(Convert.FromBase64String(Ts.GetProperty("scriptsOnlyBeefBase64").GetString()!))));

        // Tampering with the subject's output amount breaks its signature.
        var beef = Beef.FromHex(File.GetProperty("brc62Example").GetProperty("hex").GetString()!);
        var subject = Transaction.Parse(beef.Transactions[^1].RawTransaction!);
        subject.Outputs[0].Satoshis -= 1;
        var tampered = new Beef();
        tampered.Bumps.AddRange(beef.Bumps);
        tampered.Transactions.Add(beef.Transactions[0]);
        tampered.AddTransaction(subject.ToBytes());
        var errors = BeefSpendVerifier.Verify(tampered);
        Assert.Contains(errors, e => e.Contains("does not unlock", StringComparison.Ordinal));
    }
}
