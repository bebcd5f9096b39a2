using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ModularTorrent.Storage;

/// <summary>
/// Connections to one SQLite file: write-ahead logging (readers never block the writer), a busy
/// timeout (writers queue instead of failing), foreign keys enforced and full fsync on commit
/// (a committed write survives a crash and a power cut, as <c>IResumeStore</c> promises).
/// </summary>
public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    // One gate per database file, shared by every factory over it in this process.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly string _pragmas;
    private int _walChecked;

    static SqliteConnectionFactory()
    {
        // Microsoft.Data.Sqlite finds the bundle by reflection; initialize it explicitly so a
        // trimmed or oddly packaged host fails here, at start-up, with the native library's name.
        SQLitePCL.Batteries_V2.Init();
    }

    /// <summary>Creates a factory for a SQLite connection string.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string (<c>Data Source=…</c>).</param>
    /// <param name="busyTimeoutMilliseconds">How long a writer waits for the lock before SQLite reports busy.</param>
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
    public SqliteConnectionFactory(string connectionString, int busyTimeoutMilliseconds = 5000)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfNegative(busyTimeoutMilliseconds);
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
        };

        // The command timeout is Microsoft.Data.Sqlite's own busy retry loop (SQLite has no query timeout):
        // tie it to the busy timeout so one setting bounds how long a statement waits for the lock.
        // DbRetry's bounded backoff takes over from there.
        builder.DefaultTimeout = Math.Max(1, (busyTimeoutMilliseconds + 999) / 1000);
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        WriteGate = WriteGates.GetOrAdd(
            string.IsNullOrEmpty(DataSource) || DataSource == ":memory:" ? Guid.NewGuid().ToString("N") : Path.GetFullPath(DataSource),
            static _ => new SemaphoreSlim(1, 1));
        BusyTimeoutMilliseconds = busyTimeoutMilliseconds;
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
    }

    /// <inheritdoc />
    public StorageProvider Provider => StorageProvider.Sqlite;

    /// <summary>The database file (or <c>:memory:</c>).</summary>
    public string DataSource { get; }

    /// <summary>The busy timeout applied to every connection, in milliseconds.</summary>
    public int BusyTimeoutMilliseconds { get; }

    /// <summary>Writers of this file in this process queue here (asynchronously) before taking SQLite's lock.</summary>
    internal SemaphoreSlim WriteGate { get; }

    /// <summary>A factory for a database file, creating its folder when missing.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="busyTimeoutMilliseconds">How long a writer waits for the lock before SQLite reports busy.</param>
    public static SqliteConnectionFactory ForFile(string path, int busyTimeoutMilliseconds = 5000)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate };
        return new SqliteConnectionFactory(builder.ToString(), busyTimeoutMilliseconds);
    }

    /// <inheritdoc />
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = _pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            if (Volatile.Read(ref _walChecked) == 0)
            {
                // journal_mode=WAL is stored in the file, so once per factory is enough.
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = WAL;";
                await command.ExecuteScalarAsync(cancellationToken);
                Volatile.Write(ref _walChecked, 1);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
