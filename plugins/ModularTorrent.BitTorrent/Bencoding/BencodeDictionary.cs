using System.Text;

namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>A bencoded dictionary. Keys are byte strings; lookups by text key compare UTF-8 bytes.</summary>
public sealed class BencodeDictionary : BencodeValue
{
    private readonly KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>[] _entries;

    /// <summary>Creates a dictionary built in code from text keys.</summary>
    public BencodeDictionary(IEnumerable<KeyValuePair<string, BencodeValue>> entries)
        : this(ToEntries(entries), default, -1)
    {
    }

    internal BencodeDictionary(KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>[] entries, ReadOnlyMemory<byte> raw, int offset)
        : base(raw, offset) => _entries = entries;

    /// <summary>The entries in input order.</summary>
    public IReadOnlyList<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> Entries => _entries;

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Length;

    /// <inheritdoc />
    public override BencodeType Type => BencodeType.Dictionary;

    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public BencodeValue? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> buffer = stackalloc byte[256];
        var count = Encoding.UTF8.GetMaxByteCount(key.Length) <= buffer.Length
            ? Encoding.UTF8.GetBytes(key, buffer)
            : -1;
        return count >= 0 ? Find(buffer[..count]) : Find(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>The value under the byte key <paramref name="key"/>, or null.</summary>
    public BencodeValue? Find(ReadOnlySpan<byte> key)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key.Span.SequenceEqual(key))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>The value under <paramref name="key"/> if it exists and has type <typeparamref name="T"/>.</summary>
    public T? Get<T>(string key)
        where T : BencodeValue => Find(key) as T;

    /// <summary>The integer under <paramref name="key"/>, or null if absent or not an integer.</summary>
    public long? GetInteger(string key) => Get<BencodeInteger>(key)?.Value;

    /// <summary>The UTF-8 text under <paramref name="key"/>, or null if absent or not a string.</summary>
    public string? GetText(string key) => Get<BencodeString>(key)?.Text;

    /// <inheritdoc />
    public override void WriteTo(BencodeWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var sorted = (KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>[])_entries.Clone();
        Array.Sort(sorted, static (a, b) => a.Key.Span.SequenceCompareTo(b.Key.Span));
        writer.WriteDictionaryStart();
        foreach (var entry in sorted)
        {
            writer.WriteString(entry.Key.Span);
            entry.Value.WriteTo(writer);
        }

        writer.WriteEnd();
    }

    private static KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>[] ToEntries(IEnumerable<KeyValuePair<string, BencodeValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>>();
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry.Value);
            var key = Encoding.UTF8.GetBytes(entry.Key);
            foreach (var existing in list)
            {
                if (existing.Key.Span.SequenceEqual(key))
                {
                    throw new ArgumentException($"Duplicate key '{entry.Key}'.", nameof(entries));
                }
            }

            list.Add(new(key, entry.Value));
        }

        return [.. list];
    }
}
