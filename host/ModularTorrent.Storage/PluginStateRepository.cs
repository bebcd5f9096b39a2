using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace ModularTorrent.Storage;

/// <summary>Reads and writes the <c>plugin_state</c> table (enabled flag and configuration JSON per plugin).</summary>
public sealed class PluginStateRepository
{
    /// <summary>The largest configuration accepted, in characters.</summary>
    public const int MaxConfigurationLength = 1024 * 1024;

    private readonly IDbConnectionFactory _factory;
    private readonly TimeProvider _time;

    /// <summary>Creates the repository.</summary>
    /// <param name="factory">The database.</param>
    /// <param name="time">The clock for <c>updated_at</c>; the system clock when <see langword="null"/>.</param>
    public PluginStateRepository(IDbConnectionFactory factory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Reads a plugin's state, or <see langword="null"/> when none is stored.</summary>
    /// <param name="pluginId">The plugin id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<PluginStateRecord?> GetAsync(string pluginId, CancellationToken cancellationToken = default)
    {
        PluginIds.Validate(pluginId, nameof(pluginId));
        var found = await QueryAsync(
            "SELECT plugin_id, enabled, configuration, updated_at FROM plugin_state WHERE plugin_id = @Id", new { Id = pluginId }, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Lists every plugin's state, by plugin id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<IReadOnlyList<PluginStateRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT plugin_id, enabled, configuration, updated_at FROM plugin_state ORDER BY plugin_id", null, cancellationToken);

    /// <summary>Stores a plugin's state, replacing what was there.</summary>
    /// <param name="pluginId">The plugin id.</param>
    /// <param name="enabled">Whether the host loads it.</param>
    /// <param name="configurationJson">Its configuration: a JSON object.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentException">The id is invalid, or the configuration is not a JSON object (the message says where).</exception>
    public Task SaveAsync(string pluginId, bool enabled, string configurationJson, CancellationToken cancellationToken = default)
    {
        PluginIds.Validate(pluginId, nameof(pluginId));
        ValidateConfiguration(configurationJson);
        return UpsertAsync(
            "configuration = excluded.configuration, enabled = excluded.enabled, updated_at = excluded.updated_at",
            pluginId,
            enabled,
            configurationJson,
            cancellationToken);
    }

    /// <summary>Sets whether a plugin is enabled, keeping its configuration (an empty object when it had none).</summary>
    /// <param name="pluginId">The plugin id.</param>
    /// <param name="enabled">Whether the host loads it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task SetEnabledAsync(string pluginId, bool enabled, CancellationToken cancellationToken = default)
    {
        PluginIds.Validate(pluginId, nameof(pluginId));
        return UpsertAsync("enabled = excluded.enabled, updated_at = excluded.updated_at", pluginId, enabled, "{}", cancellationToken);
    }

    /// <summary>Sets a plugin's configuration, keeping its enabled flag (enabled when it had no row).</summary>
    /// <param name="pluginId">The plugin id.</param>
    /// <param name="configurationJson">Its configuration: a JSON object.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentException">The configuration is not a JSON object (the message says where).</exception>
    public Task SetConfigurationAsync(string pluginId, string configurationJson, CancellationToken cancellationToken = default)
    {
        PluginIds.Validate(pluginId, nameof(pluginId));
        ValidateConfiguration(configurationJson);
        return UpsertAsync(
            "configuration = excluded.configuration, updated_at = excluded.updated_at", pluginId, true, configurationJson, cancellationToken);
    }

    /// <summary>Deletes a plugin's state and its key/value entries; returns whether it had state.</summary>
    /// <param name="pluginId">The plugin id.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    public Task<bool> DeleteAsync(string pluginId, CancellationToken cancellationToken = default)
    {
        PluginIds.Validate(pluginId, nameof(pluginId));
        return _factory.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM plugin_kv WHERE plugin_id = @Id", new { Id = pluginId }, transaction, cancellationToken: token));
                return await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM plugin_state WHERE plugin_id = @Id", new { Id = pluginId }, transaction, cancellationToken: token)) == 1;
            },
            cancellationToken);
    }

    private static void ValidateConfiguration(string configurationJson)
    {
        ArgumentNullException.ThrowIfNull(configurationJson);
        if (configurationJson.Length > MaxConfigurationLength)
        {
            throw new ArgumentException($"The configuration is {configurationJson.Length} characters long; at most {MaxConfigurationLength} are allowed.", nameof(configurationJson));
        }

        try
        {
            using var document = JsonDocument.Parse(configurationJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"The configuration must be a JSON object, not {document.RootElement.ValueKind}.", nameof(configurationJson));
            }
        }
        catch (JsonException error)
        {
            throw new ArgumentException($"The configuration is not valid JSON: {error.Message}", nameof(configurationJson), error);
        }
    }

    private Task<int> UpsertAsync(string onConflict, string pluginId, bool enabled, string configurationJson, CancellationToken cancellationToken)
    {
        var parameters = new { Id = pluginId, Enabled = enabled, Configuration = configurationJson, UpdatedAt = _time.GetUtcNow().ToUnixTimeMilliseconds() };
        return _factory.WithWriteConnectionAsync(
            (connection, token) => connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO plugin_state (plugin_id, enabled, configuration, updated_at) VALUES (@Id, @Enabled, @Configuration, @UpdatedAt)
                ON CONFLICT (plugin_id) DO UPDATE SET {onConflict}
                """,
                parameters,
                cancellationToken: token)),
            cancellationToken);
    }

    private Task<IReadOnlyList<PluginStateRecord>> QueryAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        _factory.WithConnectionAsync<IReadOnlyList<PluginStateRecord>>(
            async (connection, token) =>
            {
                var rows = new List<PluginStateRecord>();
                await using DbDataReader reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: token));
                while (await reader.ReadAsync(token))
                {
                    rows.Add(new PluginStateRecord(
                        reader.GetString(0),
                        reader.GetBoolean(1),
                        reader.GetString(2),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
                }

                return rows;
            },
            cancellationToken);
}
