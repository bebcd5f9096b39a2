using System.Collections.Concurrent;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.BitTorrent.Tests.Support;

public sealed class InMemoryStateStore : IPluginStateStore
{
    private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_values.TryGetValue(key, out var v) ? (byte[]?)v.Clone() : null);

    public Task SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        _values[key] = value.ToArray();
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_values.TryRemove(key, out _));

    public Task<IReadOnlyList<string>> ListKeysAsync(string prefix = "", CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_values.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList());
}
