namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>Decodes a whole bencoded buffer into a <see cref="BencodeValue"/> tree whose strings slice the input.</summary>
public static class BencodeDocument
{
    /// <summary>Decodes exactly one value that fills <paramref name="data"/>.</summary>
    /// <exception cref="BencodeException">Malformed input, a limit exceeded, or bytes after the value.</exception>
    public static BencodeValue Parse(ReadOnlyMemory<byte> data, BencodeLimits? limits = null)
    {
        var value = ParsePrefix(data, out var consumed, limits);
        if (consumed != data.Length)
        {
            throw new BencodeException("Unexpected data after the value", consumed);
        }

        return value;
    }

    /// <summary>Decodes the value at the start of <paramref name="data"/>; anything after it is left alone (BEP 9 metadata messages carry payload after the dictionary).</summary>
    public static BencodeValue ParsePrefix(ReadOnlyMemory<byte> data, out int consumed, BencodeLimits? limits = null)
    {
        var reader = new BencodeReader(data.Span, limits);
        var value = ReadValue(ref reader, data);
        consumed = reader.Position;
        return value;
    }

    /// <summary>Decodes <paramref name="data"/> and requires a dictionary at the top.</summary>
    public static BencodeDictionary ParseDictionary(ReadOnlyMemory<byte> data, BencodeLimits? limits = null) =>
        Parse(data, limits) as BencodeDictionary ?? throw new BencodeException("The top-level value is not a dictionary", 0);

    private static BencodeValue ReadValue(ref BencodeReader reader, ReadOnlyMemory<byte> data)
    {
        var start = reader.Position;
        switch (reader.PeekType())
        {
            case BencodeType.Integer:
                {
                    var value = reader.ReadInteger();
                    return new BencodeInteger(value, data[start..reader.Position], start);
                }

            case BencodeType.String:
                {
                    var bytes = reader.ReadString();
                    var end = reader.Position;
                    return new BencodeString(data.Slice(end - bytes.Length, bytes.Length), data[start..end], start);
                }

            case BencodeType.List:
                {
                    reader.ReadListStart();
                    var items = new List<BencodeValue>();
                    while (!reader.TryReadEnd())
                    {
                        items.Add(ReadValue(ref reader, data));
                    }

                    return new BencodeList(items, data[start..reader.Position], start);
                }

            default:
                {
                    reader.ReadDictionaryStart();
                    var entries = new List<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>>();
                    ReadOnlyMemory<byte> previous = default;
                    while (!reader.TryReadEnd())
                    {
                        var keyOffset = reader.Position;
                        if (reader.PeekType() != BencodeType.String)
                        {
                            throw new BencodeException("Dictionary key is not a string", keyOffset);
                        }

                        var keySpan = reader.ReadString();
                        var key = data.Slice(reader.Position - keySpan.Length, keySpan.Length);
                        reader.CheckKeyOrder(previous.Span, key.Span, entries.Count == 0, keyOffset);
                        if (entries.Count > 0)
                        {
                            // Unsorted input is tolerated (many .torrent writers get it wrong), so duplicates
                            // are checked against every key, not just the previous one.
                            foreach (var entry in entries)
                            {
                                if (entry.Key.Span.SequenceEqual(key.Span))
                                {
                                    throw new BencodeException("Duplicate dictionary key", keyOffset);
                                }
                            }
                        }

                        previous = key;
                        if (reader.PeekEnd())
                        {
                            throw new BencodeException("Dictionary key without a value", reader.Position);
                        }

                        entries.Add(new(key, ReadValue(ref reader, data)));
                    }

                    return new BencodeDictionary([.. entries], data[start..reader.Position], start);
                }
        }
    }
}
