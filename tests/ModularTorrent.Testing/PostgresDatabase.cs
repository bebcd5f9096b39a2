using ModularTorrent.Storage;
using Npgsql;

namespace ModularTorrent.Testing;

/// <summary>A fresh database on the test PostgreSQL server; disposing it drops it WITH (FORCE).</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly PostgresServer? _owner;

    internal PostgresDatabase(string adminConnectionString, string name, PostgresServer? owner)
    {
        _adminConnectionString = adminConnectionString;
        _owner = owner;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        Options = new StorageOptions { Provider = "postgres", ConnectionString = ConnectionString };
    }

    /// <summary>The database's (random) name.</summary>
    public string Name { get; }

    /// <summary>A connection string to this database with the server's admin credentials.</summary>
    public string ConnectionString { get; }

    /// <summary>Storage options pointing at this database (no migrations applied yet).</summary>
    public StorageOptions Options { get; }

    /// <summary>
    /// One database on a server of its own making: <c>MT_TEST_POSTGRES</c> when set, else a throw-away
    /// cluster that is stopped when this database is disposed. For tests that are not in a PostgreSQL
    /// collection; throws with the reason when no server can be had.
    /// </summary>
    public static async Task<PostgresDatabase> CreateAsync(string prefix = "mt_test")
    {
        var server = await PostgresServer.StartAsync().ConfigureAwait(false);
        try
        {
            var database = await server.CreateDatabaseAsync(prefix).ConfigureAwait(false);
            return new PostgresDatabase(server.AdminConnectionString, database.Name, server);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Drops the database (closing its sessions) and stops the server if this database started it.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)").ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The server may already be gone (a test that stops it); nothing is left to drop then.
        }

        if (_owner is not null)
        {
            await _owner.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
#pragma warning disable CA2100 // The statement holds only a generated database name (letters, digits, underscores).
            var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }
}
