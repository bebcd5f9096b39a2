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
    public static Task<T> WithConnectionAsync<T>(
        this IDbConnectionFactory factory,
        Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(factory, work, gate: null, cancellationToken);
    }

    /// <summary>
    /// Runs writing <paramref name="work"/> on an open connection, retrying transient failures. On SQLite,
    /// writers of one file in this process first queue on an asynchronous gate: SQLite admits one writer
    /// at a time anyway, and its busy handler would otherwise park a thread-pool thread per waiting writer.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="factory">The connection factory.</param>
    /// <param name="work">The work; it gets an open connection it must not dispose.</param>
    /// <param name="cancellationToken">Cancels the work and the waits.</param>
    public static Task<T> WithWriteConnectionAsync<T>(
        this IDbConnectionFactory factory,
        Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(factory, work, (factory as SqliteConnectionFactory)?.WriteGate, cancellationToken);
    }

    /// <summary>Runs writing <paramref name="work"/> on an open connection, retrying transient failures (see the generic overload).</summary>
    /// <param name="factory">The connection factory.</param>
    /// <param name="work">The work; it gets an open connection it must not dispose.</param>
    /// <param name="cancellationToken">Cancels the work and the waits.</param>
    public static Task WithWriteConnectionAsync(
        this IDbConnectionFactory factory,
        Func<DbConnection, CancellationToken, Task> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return factory.WithWriteConnectionAsync(
            async (connection, token) =>
            {
                await work(connection, token);
                return true;
            },
            cancellationToken);
    }

    private static async Task<T> RunAsync<T>(
        IDbConnectionFactory factory,
        Func<DbConnection, CancellationToken, Task<T>> work,
        SemaphoreSlim? gate,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Bounded: a writer that waits too long (a nested write, a very long transaction) goes on to
            // SQLite's own busy handling and the retries below instead of hanging on the gate.
            var gated = gate is not null && await gate.WaitAsync(GateTimeout(factory), cancellationToken);
            try
            {
                DbConnection? connection = null;
                try
                {
                    connection = await factory.OpenAsync(cancellationToken);
                }
                catch (Exception error) when (attempt < MaxAttempts && TransientErrors.IsTransientOpenFailure(error) && !cancellationToken.IsCancellationRequested)
                {
                    // Fall through to the wait below.
                }

                if (connection is not null)
                {
                    await using (connection)
                    {
                        try
                        {
                            return await work(connection, cancellationToken);
                        }
                        catch (Exception error) when (attempt < MaxAttempts && TransientErrors.IsLockConflict(error) && !cancellationToken.IsCancellationRequested)
                        {
                            // Fall through: the connection and the gate are released before the wait.
                        }
                    }
                }
            }
            finally
            {
                if (gated)
                {
                    gate!.Release();
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

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction that commits when it returns; a transient failure repeats
    /// the whole transaction. Treated as a write (see <see cref="WithWriteConnectionAsync{T}"/>).
    /// </summary>
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
        return factory.WithWriteConnectionAsync(
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

    private static TimeSpan GateTimeout(IDbConnectionFactory factory) =>
        TimeSpan.FromMilliseconds(Math.Max(1000, (factory as SqliteConnectionFactory)?.BusyTimeoutMilliseconds ?? 0));

    private static TimeSpan DelayFor(int attempt)
    {
        // Exponential with full jitter, capped: contending writers spread out instead of colliding again.
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
