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
    /// PostgreSQL serialization failure, deadlock or lock-not-available. Work that failed this way did
    /// not commit, so repeating it is safe.
    /// </summary>
    /// <param name="exception">The error.</param>
    public static bool IsLockConflict(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.LockNotAvailable,
        _ => false,
    };

    /// <summary>
    /// Whether opening a connection failed in a way that may pass: a lock conflict, PostgreSQL's
    /// connection limit, or a network error Npgsql marks transient. Only safe to repeat before any work
    /// was sent (a broken connection may have lost the answer to a commit, not the commit).
    /// </summary>
    /// <param name="exception">The error.</param>
    public static bool IsTransientOpenFailure(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow
            || IsLockConflict(postgres),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => IsLockConflict(exception),
    };
}
