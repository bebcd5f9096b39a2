namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>A bencoded list.</summary>
public sealed class BencodeList : BencodeValue
{
    /// <summary>Creates a list built in code.</summary>
    public BencodeList(IReadOnlyList<BencodeValue> items)
        : this(items, default, -1)
    {
    }

    internal BencodeList(IReadOnlyList<BencodeValue> items, ReadOnlyMemory<byte> raw, int offset)
        : base(raw, offset) => Items = items ?? throw new ArgumentNullException(nameof(items));

    /// <summary>The items in order.</summary>
    public IReadOnlyList<BencodeValue> Items { get; }

    /// <summary>Number of items.</summary>
    public int Count => Items.Count;

    /// <summary>The item at <paramref name="index"/>.</summary>
    public BencodeValue this[int index] => Items[index];

    /// <inheritdoc />
    public override BencodeType Type => BencodeType.List;

    /// <inheritdoc />
    public override void WriteTo(BencodeWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteListStart();
        foreach (var item in Items)
        {
            item.WriteTo(writer);
        }

        writer.WriteEnd();
    }
}
