using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ModularTorrent.BitTorrent.Bencoding;

namespace ModularTorrent.BitTorrent.Tests.Bencoding;

public sealed class BencodeWriterTests
{
    [Fact]
    public void Writes_canonical_form_with_sorted_keys()
    {
        var dict = new BencodeDictionary(new Dictionary<string, BencodeValue>
        {
            ["zeta"] = new BencodeInteger(-5),
            ["alpha"] = new BencodeList([new BencodeString("x"), new BencodeInteger(0)]),
        });
        Assert.Equal("d5:alphal1:xi0ee4:zetai-5ee", Encoding.ASCII.GetString(dict.Encode()));
    }

    [Fact]
    public void Unbalanced_end_throws()
    {
        var writer = new BencodeWriter();
        Assert.Throws<InvalidOperationException>(writer.WriteEnd);
    }

    [Fact]
    public void Round_trip_property_integers_and_strings()
    {
        Prop.ForAll<long, byte[]>((n, bytes) =>
        {
            bytes ??= [];
            var writer = new BencodeWriter();
            writer.WriteListStart();
            writer.WriteInteger(n);
            writer.WriteString(bytes);
            writer.WriteEnd();
            var list = (BencodeList)BencodeDocument.Parse(writer.ToArray());
            return ((BencodeInteger)list[0]).Value == n && ((BencodeString)list[1]).Bytes.Span.SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Round_trip_property_canonical_trees_reencode_identically()
    {
        var gen = Gen.Sized(size => TreeGen(Math.Min(size, 4)));
        Prop.ForAll(gen.ToArbitrary(), tree =>
        {
            var encoded = tree.Encode();
            var decoded = BencodeDocument.Parse(encoded, new BencodeLimits { RequireSortedKeys = true });
            return decoded.Encode().AsSpan().SequenceEqual(encoded) && decoded.Raw.Span.SequenceEqual(encoded);
        }).QuickCheckThrowOnFailure();
    }

    private static Gen<BencodeValue> TreeGen(int depth)
    {
        var leaf = Gen.OneOf(
            ArbMap.Default.GeneratorFor<long>().Select(n => (BencodeValue)new BencodeInteger(n)),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => (BencodeValue)new BencodeString(b ?? [])));
        if (depth <= 0)
        {
            return leaf;
        }

        var child = TreeGen(depth - 1);
        var list = Gen.ListOf(child).Select(items => (BencodeValue)new BencodeList(items.ToList()));
        var dict = Gen.ListOf(Gen.Zip(ArbMap.Default.GeneratorFor<string>(), child))
            .Select(pairs =>
            {
                var unique = new Dictionary<string, BencodeValue>(StringComparer.Ordinal);
                foreach (var (key, value) in pairs)
                {
                    if (key is not null)
                    {
                        unique[key] = value;
                    }
                }

                // Distinct strings can have equal UTF-8 bytes (lone surrogates become U+FFFD).
                return (BencodeValue)new BencodeDictionary(unique
                    .GroupBy(p => Convert.ToHexString(Encoding.UTF8.GetBytes(p.Key)))
                    .Select(g => g.First()));
            });
        return Gen.OneOf(leaf, list, dict);
    }
}
