using System.Diagnostics.CodeAnalysis;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Cli;

/// <summary>
/// <c>--dht-state FILE</c>: the engine's state store for a CLI run, holding the one thing the engine keeps between
/// runs (the DHT routing table, <see cref="BitTorrentEngine.DhtTableStateKey"/>) in one file.
/// </summary>
/// <remarks>
/// Writes go to a temporary file that then replaces the old one, so a run killed mid-write leaves the previous table,
/// and two runs sharing the file each leave a whole table (the last one to write wins).
/// </remarks>
public sealed class DhtTableFile(string path) : IPluginStateStore
{
    /// <summary>The file's full path.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Checks <c>--dht-state</c>'s value: a file path (the file need not exist yet) in a folder that exists.</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="path">The full path, when valid.</param>
    /// <param name="error">One line naming the option and the problem, when not.</param>
    public static bool TryResolve(string? text, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "--dht-state needs a FILE.";
            return false;
        }

        string full;
        try
        {
            full = System.IO.Path.GetFullPath(text);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error = $"--dht-state '{text}' is not a usable path: {ex.Message}";
            return false;
        }

        if (Directory.Exists(full))
        {
            error = $"--dht-state '{text}' is a folder; give a file in it, e.g. {System.IO.Path.Combine(text, "dht.dat")}.";
            return false;
        }

        var folder = System.IO.Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            error = $"--dht-state '{text}': the folder {folder} does not exist.";
            return false;
        }

        path = full;
        error = null;
        return true;
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireTableKey(key);
        try
        {
            return await File.ReadAllBytesAsync(Path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        RequireTableKey(key);
        // Unique per write: the engine may save after joining and on stop at the same moment.
        var temporary = $"{Path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, value, cancellationToken);
            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireTableKey(key);
        var existed = File.Exists(Path);
        File.Delete(Path);
        return Task.FromResult(existed);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListKeysAsync(string prefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        IReadOnlyList<string> keys = File.Exists(Path) && BitTorrentEngine.DhtTableStateKey.StartsWith(prefix, StringComparison.Ordinal)
            ? [BitTorrentEngine.DhtTableStateKey]
            : [];
        return Task.FromResult(keys);
    }

    // One file holds one value: a second key would silently overwrite the table.
    private static void RequireTableKey(string key)
    {
        if (!string.Equals(key, BitTorrentEngine.DhtTableStateKey, StringComparison.Ordinal))
        {
            throw new ArgumentException($"--dht-state keeps only '{BitTorrentEngine.DhtTableStateKey}', not '{key}'.", nameof(key));
        }
    }
}
