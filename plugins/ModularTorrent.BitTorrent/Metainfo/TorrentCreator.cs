using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Bencoding;

namespace ModularTorrent.BitTorrent.Metainfo;

/// <summary>Creates v1 .torrent files from a file or a folder.</summary>
public static class TorrentCreator
{
    /// <summary>Smallest piece length chosen automatically.</summary>
    public const int MinAutoPieceLength = 16 * 1024;

    /// <summary>Largest piece length chosen automatically.</summary>
    public const int MaxAutoPieceLength = 16 * 1024 * 1024;

    /// <summary>
    /// A power of two between 16 KiB and 16 MiB aiming at about 1500 pieces: enough granularity for
    /// swarming, and a .torrent that stays small (the hashes are 20 bytes each).
    /// </summary>
    public static int ChoosePieceLength(long totalLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalLength);
        var target = totalLength / 1500;
        if (target <= MinAutoPieceLength)
        {
            return MinAutoPieceLength;
        }

        var power = BitOperations.RoundUpToPowerOf2((ulong)target);
        return (int)Math.Min(power, MaxAutoPieceLength);
    }

    /// <summary>Hashes <paramref name="path"/> (a file or a folder, files in ordinal path order) and returns the .torrent bytes.</summary>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    public static async Task<byte[]> CreateAsync(string path, TorrentCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new TorrentCreateOptions();
        var full = Path.GetFullPath(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        List<(string FullPath, string[] Segments, long Length)> files;
        bool multi;
        if (File.Exists(full))
        {
            multi = false;
            files = [(full, [Path.GetFileName(full)], new FileInfo(full).Length)];
        }
        else if (Directory.Exists(full))
        {
            multi = true;
            files = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                .Select(f => (FullPath: f, Segments: Path.GetRelativePath(full, f).Split(Path.DirectorySeparatorChar), Length: new FileInfo(f).Length))
                .OrderBy(f => string.Join('/', f.Segments), StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                throw new MetainfoException($"The folder '{full}' has no files.");
            }
        }
        else
        {
            throw new FileNotFoundException("Nothing to share at this path.", full);
        }

        var total = files.Sum(f => f.Length);
        if (total == 0)
        {
            throw new MetainfoException("Cannot create a torrent of zero bytes.");
        }

        var pieceLength = options.PieceLength ?? ChoosePieceLength(total);
        if (pieceLength < 16 * 1024 || !BitOperations.IsPow2(pieceLength))
        {
            throw new ArgumentException("The piece length must be a power of two of at least 16 KiB.", nameof(options));
        }

        var hashes = await HashAsync(files.Select(f => f.FullPath), pieceLength, total, cancellationToken);
        var name = PathSanitizer.SanitizeSegment(Path.GetFileName(full));
        var info = new BencodeWriter();
        info.WriteDictionaryStart();
        if (multi)
        {
            info.WriteString("files");
            info.WriteListStart();
            foreach (var file in files)
            {
                info.WriteDictionaryStart();
                info.WriteString("length");
                info.WriteInteger(file.Length);
                info.WriteString("path");
                info.WriteListStart();
                foreach (var segment in file.Segments)
                {
                    info.WriteString(segment);
                }

                info.WriteEnd();
                info.WriteEnd();
            }

            info.WriteEnd();
        }
        else
        {
            info.WriteString("length");
            info.WriteInteger(total);
        }

        info.WriteString("name");
        info.WriteString(name);
        info.WriteString("piece length");
        info.WriteInteger(pieceLength);
        info.WriteString("pieces");
        info.WriteString(hashes);
        if (options.Private)
        {
            info.WriteString("private");
            info.WriteInteger(1);
        }

        info.WriteEnd();
        return TorrentMetainfo.BuildTorrent(info.WrittenMemory.Span, options.Trackers, options.WebSeeds, options.Comment, options.CreatedBy, options.CreationDate);
    }

    private static async Task<byte[]> HashAsync(IEnumerable<string> paths, int pieceLength, long total, CancellationToken cancellationToken)
    {
        var pieceCount = (int)((total + pieceLength - 1) / pieceLength);
        var hashes = new byte[pieceCount * 20];
        var buffer = ArrayPool<byte>.Shared.Rent(pieceLength);
        try
        {
            var filled = 0;
            var piece = 0;
            foreach (var path in paths)
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(filled, pieceLength - filled), cancellationToken)) > 0)
                {
                    filled += read;
                    if (filled == pieceLength)
                    {
                        SHA1.HashData(buffer.AsSpan(0, filled), hashes.AsSpan(piece++ * 20, 20));
                        filled = 0;
                    }
                }
            }

            if (filled > 0)
            {
                SHA1.HashData(buffer.AsSpan(0, filled), hashes.AsSpan(piece++ * 20, 20));
            }

            if (piece != pieceCount)
            {
                throw new IOException("The files changed size while they were being hashed.");
            }

            return hashes;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
