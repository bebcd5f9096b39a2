using Microsoft.Data.Sqlite;
using Npgsql;

namespace ModularTorrent.Storage;

/// <summary>Which database errors go away when the same work is tried again.</summary>
public static class TransientErrors
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>
    /// Whether <paramref name="exception"/> is a lock or serialization conflict: SQLite busy/locked,
    /// PostgreSQL serialization failure, deadlock or lock-not-available, or an Npgsql error it marks transient.
    /// </summary>
    /// <param name="exception">The error.</param>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.LockNotAvailable
            or PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
