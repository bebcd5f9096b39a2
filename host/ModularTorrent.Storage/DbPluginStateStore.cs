using System.Runtime.InteropServices;
using Dapper;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Storage;

/// <summary><see cref="IPluginStateStore"/> over the <c>plugin_kv</c> table, scoped to one plugin.</summary>
public sealed class DbPluginStateStore : IPluginStateStore
{
    /// <summary>The longest key accepted, in characters.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>The largest value accepted, in bytes.</summary>
    public const int MaxValueLength = 16 * 1024 * 1024;

    private readonly IDbConnectionFactory _factory;
    private readonly string _pluginId;
    private readonly TimeProvider _time;

    /// <summary>Creates the store of one plugin.</summary>
    /// <param name="factory">The database.</param>
    /// <param name="pluginId">The plugin id; it sees only its own keys.</param>
    /// <param name="time">The clock for <c>updated_at</c>; the system clock when <see langword="null"/>.</param>
    public DbPluginStateStore(IDbConnectionFactory factory, string pluginId, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        PluginIds.Validate(pluginId, nameof(pluginId));
        _factory = factory;
        _pluginId = pluginId;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The plugin this store belongs to.</summary>
    public string PluginId => _pluginId;

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return _factory.WithConnectionAsync(
            (connection, token) => connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
                "SELECT value FROM plugin_kv WHERE plugin_id = @Plugin AND key = @Key",
                new { Plugin = _pluginId, Key = key },
                cancellationToken: token)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        if (value.Length > MaxValueLength)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.Length, $"A value is at most {MaxValueLength} bytes.");
        }

        // Both providers bind byte[]; reuse the caller's array when the memory is exactly one.
        var bytes = MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
        var parameters = new { Plugin = _pluginId, Key = key, Value = bytes, UpdatedAt = _time.GetUtcNow().ToUnixTimeMilliseconds() };
        return _factory.WithWriteConnectionAsync(
            (connection, token) => connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO plugin_kv (plugin_id, key, value, updated_at) VALUES (@Plugin, @Key, @Value, @UpdatedAt)
                ON CONFLICT (plugin_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
                parameters,
                cancellationToken: token)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return _factory.WithWriteConnectionAsync(
            async (connection, token) => await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM plugin_kv WHERE plugin_id = @Plugin AND key = @Key",
                new { Plugin = _pluginId, Key = key },
                cancellationToken: token)) == 1,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListKeysAsync(string prefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return _factory.WithConnectionAsync<IReadOnlyList<string>>(
            async (connection, token) =>
            {
                // Prefix match on the leading code points (both engines count those, not UTF-16 units), not LIKE,
                // so '%' and '_' in keys stay literal.
                var sql = _factory.Provider == StorageProvider.Postgres
                    ? "SELECT key FROM plugin_kv WHERE plugin_id = @Plugin AND left(key, @Length) = @Prefix"
                    : "SELECT key FROM plugin_kv WHERE plugin_id = @Plugin AND substr(key, 1, @Length) = @Prefix";
                var keys = (await connection.QueryAsync<string>(new CommandDefinition(
                    sql,
                    new { Plugin = _pluginId, Prefix = prefix, Length = prefix.EnumerateRunes().Count() },
                    cancellationToken: token))).ToList();

                // The SDK promises .NET ordinal order; database collations differ in the details, so sort here.
                keys.Sort(StringComparer.Ordinal);
                return keys;
            },
            cancellationToken);
    }

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"The key is {key.Length} characters long; at most {MaxKeyLength} are allowed.", nameof(key));
        }
    }
}
