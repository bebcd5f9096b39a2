using System.Buffers;
using Microsoft.Win32.SafeHandles;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Storage;

/// <summary>
/// Positional reads and writes of a torrent's files (<see cref="RandomAccess"/> over <see cref="SafeFileHandle"/>).
/// Handles open lazily; files are extended sparsely to their final size on first write.
/// Thread-safe: positional I/O needs no shared file position.
/// </summary>
public sealed class TorrentStorage : IDisposable
{
    private const int MaxSlicesOnStack = 16;
    private readonly TorrentMetainfo _metainfo;
    private readonly SafeFileHandle?[] _handles;
    private readonly bool[] _writable;
    private readonly Lock _openLock = new();
    private readonly List<SafeFileHandle> _retired = [];
    private bool _disposed;

    /// <summary>Creates storage for <paramref name="metainfo"/> under <paramref name="savePath"/>.</summary>
    /// <exception cref="MetainfoException">A file path would leave the save folder.</exception>
    public TorrentStorage(TorrentMetainfo metainfo, string savePath)
    {
        _metainfo = metainfo ?? throw new ArgumentNullException(nameof(metainfo));
        ArgumentNullException.ThrowIfNull(savePath);
        SavePath = Path.GetFullPath(savePath);
        Map = new FileMap(metainfo.Files);
        FilePaths = metainfo.Files
            .Select(f => PathSanitizer.Combine(SavePath, metainfo.IsMultiFile ? metainfo.Name + "/" + f.Path : f.Path))
            .ToArray();
        _handles = new SafeFileHandle?[metainfo.Files.Count];
        _writable = new bool[metainfo.Files.Count];
    }

    /// <summary>The save folder.</summary>
    public string SavePath { get; }

    /// <summary>Absolute path of every file, in torrent order.</summary>
    public IReadOnlyList<string> FilePaths { get; }

    /// <summary>The piece ↔ file map.</summary>
    public FileMap Map { get; }

    /// <summary>Writes <paramref name="data"/> at stream offset <paramref name="offset"/>, splitting it over files.</summary>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        Span<FileSlice> slices = stackalloc FileSlice[MaxSlicesOnStack];
        var count = Map.Map(offset, data.Length, slices);
        if (count < 0)
        {
            slices = Map.Map(offset, data.Length).ToArray();
            count = slices.Length;
        }

        for (var i = 0; i < count; i++)
        {
            var slice = slices[i];
            if (_metainfo.Files[slice.FileIndex].IsPadding)
            {
                continue;
            }

            RandomAccess.Write(GetHandle(slice.FileIndex, write: true)!, data.Slice(slice.BufferOffset, slice.Length), slice.FileOffset);
        }
    }

    /// <summary>Writes a (possibly multi-segment) pipe buffer at <paramref name="offset"/> without copying it first.</summary>
    public void Write(long offset, ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment)
        {
            Write(offset, data.FirstSpan);
            return;
        }

        foreach (var segment in data)
        {
            Write(offset, segment.Span);
            offset += segment.Length;
        }
    }

    /// <summary>Reads <paramref name="destination"/>.Length bytes at stream offset <paramref name="offset"/>.</summary>
    /// <returns>False when a file is missing or shorter than the torrent says (the data is not there).</returns>
    public bool TryRead(long offset, Span<byte> destination)
    {
        Span<FileSlice> slices = stackalloc FileSlice[MaxSlicesOnStack];
        var count = Map.Map(offset, destination.Length, slices);
        if (count < 0)
        {
            slices = Map.Map(offset, destination.Length).ToArray();
            count = slices.Length;
        }

        for (var i = 0; i < count; i++)
        {
            var slice = slices[i];
            var target = destination.Slice(slice.BufferOffset, slice.Length);
            if (_metainfo.Files[slice.FileIndex].IsPadding)
            {
                target.Clear();
                continue;
            }

            var handle = GetHandle(slice.FileIndex, write: false);
            if (handle is null)
            {
                return false;
            }

            var done = 0;
            while (done < target.Length)
            {
                var read = RandomAccess.Read(handle, target[done..], slice.FileOffset + done);
                if (read == 0)
                {
                    return false;
                }

                done += read;
            }
        }

        return true;
    }

    /// <summary>Creates the folders and the empty files up front so a torrent with empty files completes on disk.</summary>
    public void CreateEmptyFiles()
    {
        for (var i = 0; i < FilePaths.Count; i++)
        {
            if (_metainfo.Files[i].Length == 0 && !_metainfo.Files[i].IsPadding && !File.Exists(FilePaths[i]))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePaths[i])!);
                File.Create(FilePaths[i]).Dispose();
            }
        }
    }

    /// <summary>Length and last-write time of every file as found on disk now (0/0 when missing), for resume data.</summary>
    public IReadOnlyList<ResumeFileState> GetFileStates(IReadOnlyList<long> bytesCompleted)
    {
        ArgumentNullException.ThrowIfNull(bytesCompleted);
        var states = new ResumeFileState[FilePaths.Count];
        for (var i = 0; i < states.Length; i++)
        {
            var info = new FileInfo(FilePaths[i]);
            states[i] = info.Exists
                ? new ResumeFileState(info.Length, info.LastWriteTimeUtc.Ticks, bytesCompleted[i])
                : new ResumeFileState(0, 0, 0);
        }

        return states;
    }

    /// <summary>Closes every open handle (they reopen on demand), so file times and sizes settle.</summary>
    public void CloseHandles()
    {
        lock (_openLock)
        {
            for (var i = 0; i < _handles.Length; i++)
            {
                _handles[i]?.Dispose();
                _handles[i] = null;
                _writable[i] = false;
            }

            foreach (var old in _retired)
            {
                old.Dispose();
            }

            _retired.Clear();
        }
    }

    /// <summary>Deletes the torrent's files and the folders left empty.</summary>
    public void DeleteFiles()
    {
        CloseHandles();
        foreach (var path in FilePaths)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        if (_metainfo.IsMultiFile)
        {
            var root = Path.Combine(SavePath, _metainfo.Name);
            foreach (var dir in Directory.Exists(root) ? Directory.GetDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(root) : [])
            {
                if (!Directory.EnumerateFileSystemEntries(dir).Any())
                {
                    Directory.Delete(dir);
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_openLock)
        {
            _disposed = true;
        }

        CloseHandles();
    }

    private SafeFileHandle? GetHandle(int file, bool write)
    {
        var handle = _handles[file];
        if (handle is not null && (!write || _writable[file]))
        {
            return handle;
        }

        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            handle = _handles[file];
            if (handle is not null && (!write || _writable[file]))
            {
                return handle;
            }

            var path = FilePaths[file];
            if (!write)
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                // Read-write when allowed, so a later write does not have to swap the handle under a concurrent reader.
                try
                {
                    handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                    _writable[file] = true;
                }
                catch (UnauthorizedAccessException)
                {
                    handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                }
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

                // Extending with SetLength leaves a hole: a sparse file on file systems that support it.
                var wanted = _metainfo.Files[file].Length;
                if (RandomAccess.GetLength(handle) < wanted)
                {
                    RandomAccess.SetLength(handle, wanted);
                }

                _writable[file] = true;
            }

            if (_handles[file] is { } old)
            {
                // Another thread may be reading through the old handle right now; close it with the rest.
                _retired.Add(old);
            }

            _handles[file] = handle;
            return handle;
        }
    }
}
