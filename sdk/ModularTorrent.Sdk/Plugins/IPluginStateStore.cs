namespace ModularTorrent.Sdk.Plugins;

/// <summary>A small persistent key/value store private to one plugin, backed by the host's database.</summary>
public interface IPluginStateStore
{
    /// <summary>Reads a value, or <see langword="null"/> when the key is not set.</summary>
    /// <param name="key">At most 200 characters.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a value, replacing any previous one. The write is durable when the task completes.</summary>
    /// <param name="key">At most 200 characters.</param>
    /// <param name="value">At most 16 MiB.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Removes a value; returns whether it existed.</summary>
    /// <param name="key">The key to remove.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys that start with <paramref name="prefix"/>, in ordinal order.</summary>
    /// <param name="prefix">An empty string lists every key.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    Task<IReadOnlyList<string>> ListKeysAsync(string prefix = "", CancellationToken cancellationToken = default);
}
