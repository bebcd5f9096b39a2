using System.Data.Common;
using Npgsql;

namespace ModularTorrent.Storage;

/// <summary>Connections to a PostgreSQL database through one pooled <see cref="NpgsqlDataSource"/>.</summary>
public sealed class PostgresConnectionFactory : IDbConnectionFactory, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a factory for a PostgreSQL connection string.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>).</param>
    /// <param name="connectTimeoutSeconds">How long to wait for the server to accept a connection; 0 keeps the connection string's value.</param>
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
    public PostgresConnectionFactory(string connectionString, int connectTimeoutSeconds = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (connectTimeoutSeconds > 0)
        {
            builder.Timeout = connectTimeoutSeconds;
        }

        Host = builder.Host ?? "localhost";
        Port = builder.Port;
        Database = builder.Database ?? builder.Username ?? string.Empty;
        Username = builder.Username ?? string.Empty;
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <inheritdoc />
    public StorageProvider Provider => StorageProvider.Postgres;

    /// <summary>The server host name from the connection string.</summary>
    public string Host { get; }

    /// <summary>The server port.</summary>
    public int Port { get; }

    /// <summary>The database name.</summary>
    public string Database { get; }

    /// <summary>The user name.</summary>
    public string Username { get; }

    /// <inheritdoc />
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();
}
