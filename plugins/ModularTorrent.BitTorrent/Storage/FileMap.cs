using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Storage;

/// <summary>Maps byte ranges of the torrent stream (pieces, blocks) onto files, across file boundaries.</summary>
public sealed class FileMap
{
    private readonly long[] _starts;
    private readonly long[] _lengths;

    /// <summary>Creates a map over files laid out back to back.</summary>
    public FileMap(IReadOnlyList<TorrentFileEntry> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _starts = files.Select(f => f.Offset).ToArray();
        _lengths = files.Select(f => f.Length).ToArray();
        TotalLength = files.Count == 0 ? 0 : files[^1].End;
    }

    /// <summary>Length of the whole stream.</summary>
    public long TotalLength { get; }

    /// <summary>Index of the file holding byte <paramref name="offset"/> (zero-length files are skipped).</summary>
    public int FindFile(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, TotalLength);
        var index = Array.BinarySearch(_starts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        // Several files can start at the same offset when some are empty; take the one that holds bytes.
        while (_lengths[index] == 0 || offset >= _starts[index] + _lengths[index])
        {
            index++;
        }

        return index;
    }

    /// <summary>Writes the slices covering <paramref name="offset"/>..+<paramref name="length"/> into <paramref name="destination"/>.</summary>
    /// <returns>Number of slices; the caller sizes the span (a block rarely spans more than a few files).</returns>
    public int Map(long offset, int length, Span<FileSlice> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (offset + length > TotalLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "The range runs past the end of the torrent.");
        }

        var file = FindFile(offset);
        var count = 0;
        var done = 0;
        while (done < length)
        {
            if (_lengths[file] == 0)
            {
                file++;
                continue;
            }

            var inFile = offset + done - _starts[file];
            var take = (int)Math.Min(length - done, _lengths[file] - inFile);
            if (count == destination.Length)
            {
                return -1;
            }

            destination[count++] = new FileSlice(file, inFile, take, done);
            done += take;
            file++;
        }

        return count;
    }

    /// <summary>The slices for a range as a list (for callers off the hot path).</summary>
    public IReadOnlyList<FileSlice> Map(long offset, int length)
    {
        var buffer = new FileSlice[Math.Max(1, _starts.Length)];
        var count = Map(offset, length, buffer);
        return buffer[..count];
    }

    /// <summary>The pieces overlapping file <paramref name="fileIndex"/> (an empty range for an empty file).</summary>
    public (int First, int Last) PiecesOfFile(int fileIndex, int pieceLength)
    {
        if (_lengths[fileIndex] == 0)
        {
            return (0, -1);
        }

        return ((int)(_starts[fileIndex] / pieceLength), (int)((_starts[fileIndex] + _lengths[fileIndex] - 1) / pieceLength));
    }
}
