using System.Globalization;
using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ModularTorrent.Storage;

/// <summary>
/// The host's one entry point to the database: builds the connection factory from
/// <see cref="StorageOptions"/>, checks that the database answers, and applies every module's
/// migrations (the <c>core</c> module's always included). Every failure is a
/// <see cref="StorageStartupException"/> whose message names the cause.
/// </summary>
public static class StorageBootstrap
{
    /// <summary>Makes the database ready and returns the factory every repository uses.</summary>
    /// <param name="options">The bound <c>Storage</c> configuration.</param>
    /// <param name="sources">The registered modules' migrations; <see cref="CoreMigrations"/> is added when absent.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The factory; a PostgreSQL factory is <see cref="IAsyncDisposable"/> and the host disposes it at shutdown.</returns>
    /// <exception cref="StorageStartupException">Bad configuration, an unreachable database, rejected credentials or a failed migration.</exception>
    public static async Task<IDbConnectionFactory> InitializeAsync(
        StorageOptions options,
        IEnumerable<IMigrationSource> sources,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sources);
        var all = sources.ToList();
        if (!all.Any(source => source is CoreMigrations))
        {
            all.Insert(0, new CoreMigrations());
        }

        var factory = CreateFactory(options);
        try
        {
            await ProbeAsync(factory, cancellationToken);
            await new MigrationRunner(factory, all).RunAsync(cancellationToken);
            return factory;
        }
        catch
        {
            if (factory is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Builds the connection factory the options describe, without touching the database.</summary>
    /// <param name="options">The bound <c>Storage</c> configuration.</param>
    /// <exception cref="StorageStartupException">An unknown provider, a missing or malformed connection string, or a data folder that cannot be created.</exception>
    public static IDbConnectionFactory CreateFactory(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = StorageProviders.Parse(options.Provider);
        if (provider == StorageProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new StorageStartupException("Storage:ConnectionString is required when Storage:Provider is 'postgres'.");
            }

            try
            {
                return new PostgresConnectionFactory(options.ConnectionString, options.ConnectTimeoutSeconds ?? 0);
            }
            catch (ArgumentException error)
            {
                throw new StorageStartupException($"Storage:ConnectionString is not a valid PostgreSQL connection string: {error.Message}", error);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                return new SqliteConnectionFactory(options.ConnectionString, options.BusyTimeoutMilliseconds);
            }
            catch (ArgumentException error)
            {
                throw new StorageStartupException($"Storage:ConnectionString is not a valid SQLite connection string: {error.Message}", error);
            }
        }

        var path = options.ResolveSqlitePath();
        try
        {
            return SqliteConnectionFactory.ForFile(path, options.BusyTimeoutMilliseconds);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new StorageStartupException($"Cannot create the data folder for the SQLite database '{path}': {error.Message}", error);
        }
    }

    private static async Task ProbeAsync(IDbConnectionFactory factory, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await factory.OpenAsync(cancellationToken);

            // A file that is not a database opens fine and fails on the first read.
            await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                factory.Provider == StorageProvider.Sqlite ? "SELECT COUNT(*) FROM sqlite_master" : "SELECT 1",
                cancellationToken: cancellationToken));
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new StorageStartupException(Explain(factory, error), error);
        }
    }

    private static string Explain(IDbConnectionFactory factory, Exception error)
    {
        if (factory is SqliteConnectionFactory sqlite)
        {
            return error is SqliteException sqliteError
                ? string.Create(CultureInfo.InvariantCulture, $"Cannot open the SQLite database '{sqlite.DataSource}': {sqliteError.Message} (SQLite error {sqliteError.SqliteErrorCode}).")
                : $"Cannot open the SQLite database '{sqlite.DataSource}': {error.Message}";
        }

        var postgres = (PostgresConnectionFactory)factory;
        var server = string.Create(CultureInfo.InvariantCulture, $"{postgres.Host}:{postgres.Port}");
        return error switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } rejected =>
                $"PostgreSQL at {server} rejected the credentials of user '{postgres.Username}': {rejected.MessageText} ({rejected.SqlState}). Check the password in Storage:ConnectionString.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } missing =>
                $"PostgreSQL at {server} has no database '{postgres.Database}': {missing.MessageText}. Create it or fix Storage:ConnectionString.",
            PostgresException other =>
                $"PostgreSQL at {server} refused the connection: {other.MessageText} ({other.SqlState}).",
            NpgsqlException { InnerException: SocketException socket } =>
                $"Cannot reach PostgreSQL at {server}: {socket.Message}. Is the server running and Storage:ConnectionString's host and port right?",
            NpgsqlException { InnerException: TimeoutException } or TimeoutException =>
                $"Cannot reach PostgreSQL at {server}: no answer within the connect timeout.",
            _ => $"Cannot connect to PostgreSQL at {server}: {error.Message}",
        };
    }
}
