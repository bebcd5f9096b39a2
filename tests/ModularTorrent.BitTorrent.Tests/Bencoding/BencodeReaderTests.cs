using System.Text;
using ModularTorrent.BitTorrent.Bencoding;

namespace ModularTorrent.BitTorrent.Tests.Bencoding;

public sealed class BencodeReaderTests
{
    private static BencodeValue Parse(string text, BencodeLimits? limits = null) =>
        BencodeDocument.Parse(Encoding.ASCII.GetBytes(text), limits);

    [Theory]
    [InlineData("i0e", 0L)]
    [InlineData("i42e", 42L)]
    [InlineData("i-42e", -42L)]
    [InlineData("i9223372036854775807e", long.MaxValue)]
    [InlineData("i-9223372036854775808e", long.MinValue)]
    public void Integers_decode(string text, long expected) =>
        Assert.Equal(expected, Assert.IsType<BencodeInteger>(Parse(text)).Value);

    [Theory]
    [InlineData("i03e", 1, "leading zero")]
    [InlineData("i-0e", 1, "Negative zero")]
    [InlineData("i-03e", 1, "leading zero")]
    [InlineData("ie", 1, "Empty integer")]
    [InlineData("i-e", 1, "sign and no digits")]
    [InlineData("i1x2e", 1, "non-digit")]
    [InlineData("i+1e", 1, "non-digit")]
    [InlineData("i12", 0, "Unterminated")]
    [InlineData("i9223372036854775808e", 1, "64-bit")]
    public void Bad_integers_fail_with_offset(string text, long offset, string message)
    {
        var ex = Assert.Throws<BencodeException>(() => Parse(text));
        Assert.Equal(offset, ex.Offset);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0:", "")]
    [InlineData("4:spam", "spam")]
    public void Strings_decode(string text, string expected) =>
        Assert.Equal(expected, Assert.IsType<BencodeString>(Parse(text)).Text);

    [Theory]
    [InlineData("05:hello", 0, "leading zero")]
    [InlineData("5:hey", 0, "past the end")]
    [InlineData("5hello", 0, "without ':'")]
    [InlineData("-1:a", 0, "Unexpected byte")]
    [InlineData("99999999999:a", 0, "Invalid string length")]
    public void Bad_strings_fail_with_offset(string text, long offset, string message)
    {
        var ex = Assert.Throws<BencodeException>(() => Parse(text));
        Assert.Equal(offset, ex.Offset);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void String_length_limit_is_enforced()
    {
        var ex = Assert.Throws<BencodeException>(() => Parse("l3:abc5:abcdee", new BencodeLimits { MaxStringLength = 4 }));
        Assert.Equal(6, ex.Offset);
    }

    [Fact]
    public void Depth_limit_is_enforced()
    {
        var deep = new string('l', 10) + new string('e', 10);
        Assert.IsType<BencodeList>(Parse(deep, new BencodeLimits { MaxDepth = 10 }));
        var ex = Assert.Throws<BencodeException>(() => Parse(deep, new BencodeLimits { MaxDepth = 9 }));
        Assert.Equal(9, ex.Offset);
    }

    [Fact]
    public void Very_deep_input_fails_cleanly_with_default_limits()
    {
        var deep = new string('l', 100_000) + new string('e', 100_000);
        Assert.Throws<BencodeException>(() => Parse(deep));
    }

    [Fact]
    public void Dictionaries_decode_and_find_keys()
    {
        var dict = Assert.IsType<BencodeDictionary>(Parse("d3:bar4:spam3:fooi42ee"));
        Assert.Equal("spam", dict.GetText("bar"));
        Assert.Equal(42, dict.GetInteger("foo"));
        Assert.Null(dict.Find("baz"));
    }

    [Fact]
    public void Duplicate_keys_are_rejected_even_when_unsorted()
    {
        var ex = Assert.Throws<BencodeException>(() => Parse("d1:bi1e1:ai2e1:bi3ee"));
        Assert.Equal(13, ex.Offset);
        Assert.Contains("Duplicate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsorted_keys_are_rejected_in_strict_mode_only()
    {
        Assert.IsType<BencodeDictionary>(Parse("d1:bi1e1:ai2ee"));
        var ex = Assert.Throws<BencodeException>(() => Parse("d1:bi1e1:ai2ee", new BencodeLimits { RequireSortedKeys = true }));
        Assert.Equal(7, ex.Offset);
    }

    [Theory]
    [InlineData("di1ei2ee", 1, "key is not a string")]
    [InlineData("d1:ae", 4, "without a value")]
    [InlineData("l", 1, "end of input")]
    [InlineData("d1:a", 4, "end of input")]
    [InlineData("e", 0, "Unexpected byte")]
    [InlineData("", 0, "end of input")]
    [InlineData("i1ei2e", 3, "after the value")]
    [InlineData("x", 0, "Unexpected byte 0x78")]
    public void Structural_errors_name_the_offset(string text, long offset, string message)
    {
        var ex = Assert.Throws<BencodeException>(() => Parse(text));
        Assert.Equal(offset, ex.Offset);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_slices_are_the_exact_input_bytes()
    {
        var input = Encoding.ASCII.GetBytes("d4:infod1:zi1e1:ai2ee3:zzz0:e");
        var dict = BencodeDocument.ParseDictionary(input);
        var info = dict.Get<BencodeDictionary>("info")!;
        // Unsorted keys inside info must be preserved as received, not re-sorted.
        Assert.Equal("d1:zi1e1:ai2ee", Encoding.ASCII.GetString(info.Raw.Span));
        Assert.Equal(7, info.Offset);
    }

    [Fact]
    public void Parse_prefix_leaves_trailing_payload()
    {
        var input = Encoding.ASCII.GetBytes("d8:msg_typei1ee<payload>");
        var value = BencodeDocument.ParsePrefix(input, out var consumed);
        Assert.IsType<BencodeDictionary>(value);
        Assert.Equal(15, consumed);
    }

    [Fact]
    public void Low_level_reader_walks_tokens_without_allocating()
    {
        var reader = new BencodeReader("d1:ali1ei2eee"u8);
        reader.ReadDictionaryStart();
        Assert.True(reader.ReadString().SequenceEqual("a"u8));
        Assert.Equal(BencodeType.List, reader.PeekType());
        var range = reader.SkipValue();
        Assert.Equal(new Range(4, 12), range);
        Assert.True(reader.TryReadEnd());
        Assert.True(reader.IsAtEnd);
    }
}
