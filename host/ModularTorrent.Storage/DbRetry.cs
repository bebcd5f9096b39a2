using System.Data;
using System.Data.Common;

namespace ModularTorrent.Storage;

/// <summary>
/// Runs database work on a fresh connection and repeats it, with bounded exponential backoff, when it
/// fails on a lock or serialization conflict (<see cref="TransientErrors.IsLockConflict"/>), or when the
/// connection cannot be opened for a passing reason (<see cref="TransientErrors.IsTransientOpenFailure"/>).
/// Busy errors therefore never leak out of the repositories under ordinary contention. The work must be
/// safe to repeat: a single statement, or a transaction (which the retry repeats whole).
/// </summary>
public static class DbRetry
{
    /// <summary>How many times work is tried before the last error is thrown.</summary>
    public const int MaxAttempts = 12;

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(1000);

    /// <summary>Runs <paramref name="work"/> on an open connection, retrying transient failures.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="factory">The connection factory.</param>
    /// <param name="work">The work; it gets an open connection it must not dispose.</param>
    /// <param name="cancellationToken">Cancels the work and the waits between attempts.</param>
    public static async Task<T> WithConnectionAsync<T>(
        this IDbConnectionFactory factory,
        Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            DbConnection connection;
            try
            {
                connection = await factory.OpenAsync(cancellationToken);
            }
            catch (Exception error) when (attempt < MaxAttempts && TransientErrors.IsTransientOpenFailure(error) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(DelayFor(attempt), cancellationToken);
                continue;
            }

            await using (connection)
            {
                try
                {
                    return await work(connection, cancellationToken);
                }
                catch (Exception error) when (attempt < MaxAttempts && TransientErrors.IsLockConflict(error) && !cancellationToken.IsCancellationRequested)
                {
                    // Fall through: the connection is released before the wait, so the waiter holds nothing.
                }
            }

            await Task.Delay(DelayFor(attempt), cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="work"/> on an open connection, retrying transient failures.</summary>
    /// <param name="factory">The connection factory.</param>
    /// <param name="work">The work; it gets an open connection it must not dispose.</param>
    /// <param name="cancellationToken">Cancels the work and the waits between attempts.</param>
    public static Task WithConnectionAsync(
        this IDbConnectionFactory factory,
        Func<DbConnection, CancellationToken, Task> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return factory.WithConnectionAsync(
            async (connection, token) =>
            {
                await work(connection, token);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in a transaction that commits when it returns; a transient failure repeats the whole transaction.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="factory">The connection factory.</param>
    /// <param name="work">The work; it gets the open connection and the transaction to pass to every command.</param>
    /// <param name="cancellationToken">Cancels the work and the waits between attempts.</param>
    public static Task<T> InTransactionAsync<T>(
        this IDbConnectionFactory factory,
        Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return factory.WithConnectionAsync(
            async (connection, token) =>
            {
                // Serializable on SQLite is BEGIN IMMEDIATE: the write lock is taken up front, so two
                // writers never deadlock upgrading read locks. On PostgreSQL, read committed is enough
                // for the single-row upserts here and does not add serialization failures.
                var isolation = connection is Microsoft.Data.Sqlite.SqliteConnection ? IsolationLevel.Serializable : IsolationLevel.ReadCommitted;
                await using var transaction = await connection.BeginTransactionAsync(isolation, token);
                var result = await work(connection, transaction, token);
                await transaction.CommitAsync(token);
                return result;
            },
            cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in a transaction that commits when it returns; a transient failure repeats the whole transaction.</summary>
    /// <param name="factory">The connection factory.</param>
    /// <param name="work">The work; it gets the open connection and the transaction to pass to every command.</param>
    /// <param name="cancellationToken">Cancels the work and the waits between attempts.</param>
    public static Task InTransactionAsync(
        this IDbConnectionFactory factory,
        Func<DbConnection, DbTransaction, CancellationToken, Task> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return factory.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await work(connection, transaction, token);
                return true;
            },
            cancellationToken);
    }

    private static TimeSpan DelayFor(int attempt)
    {
        // Exponential with full jitter, capped: contending writers spread out instead of colliding again.
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
