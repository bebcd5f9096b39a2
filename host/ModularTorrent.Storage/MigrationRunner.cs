using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;

namespace ModularTorrent.Storage;

/// <summary>
/// Applies every registered module's pending migrations, each in its own transaction, and records
/// them in <see cref="SchemaTable"/> (module, version, name, applied_at). A failing migration is
/// rolled back, so the database stays at the last good version, and start-up stops with a
/// <see cref="StorageStartupException"/> naming the migration. Hosts starting together against one
/// PostgreSQL database serialize on an advisory lock; on SQLite each migration takes the write lock
/// (BEGIN IMMEDIATE) and re-checks whether another process applied it meanwhile.
/// </summary>
/// <remarks>
/// The <c>core</c> module runs first (other modules may reference its tables); the rest follow in
/// ordinal order of their names. Migration SQL must not contain its own transaction control, and on
/// PostgreSQL must not use statements that refuse to run in a transaction (<c>CREATE INDEX CONCURRENTLY</c>).
/// </remarks>
public sealed class MigrationRunner
{
    /// <summary>The table that records applied migrations.</summary>
    public const string SchemaTable = "schema_migrations";

    /// <summary>The PostgreSQL advisory lock key that serializes migration runs ("MTmigr" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x4D_54_6D_69_67_72;

    private readonly IDbConnectionFactory _factory;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly TimeProvider _time;

    /// <summary>Creates a runner over every registered source.</summary>
    /// <param name="factory">The database.</param>
    /// <param name="sources">The modules' migration sources.</param>
    /// <param name="time">The clock for <c>applied_at</c>; the system clock when <see langword="null"/>.</param>
    /// <exception cref="StorageStartupException">The sources are inconsistent (a gap, a duplicate, an empty module name or SQL).</exception>
    public MigrationRunner(IDbConnectionFactory factory, IEnumerable<IMigrationSource> sources, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(sources);
        _factory = factory;
        _time = time ?? TimeProvider.System;
        _migrations = Validate(sources.SelectMany(source => source.GetMigrations()), factory.Provider);
    }

    /// <summary>The migrations this runner knows, in the order it applies them.</summary>
    public IReadOnlyList<Migration> Migrations => _migrations;

    /// <summary>Applies the pending migrations and returns those applied by this call.</summary>
    /// <param name="cancellationToken">Cancels between and during migrations (a cancelled migration rolls back).</param>
    /// <exception cref="StorageStartupException">A migration failed, or the database is ahead of this build.</exception>
    public async Task<IReadOnlyList<Migration>> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        if (_factory.Provider == StorageProvider.Postgres)
        {
            // Session-level lock: a second host waits here until the first has finished, then finds nothing to do.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
            try
            {
                return await ApplyAsync(connection, cancellationToken);
            }
            finally
            {
                try
                {
                    await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
                }
                catch (DbException)
                {
                    // The connection is broken; closing it ends the session, which releases the lock anyway.
                    // Swallowing keeps the error that matters (the migration's) from being replaced.
                }
            }
        }

        return await ApplyAsync(connection, cancellationToken);
    }

    /// <summary>Reads the schema table (empty when it does not exist yet).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<AppliedMigration>> GetAppliedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            _factory.Provider == StorageProvider.Postgres
                ? $"SELECT to_regclass('{SchemaTable}') IS NOT NULL"
                : $"SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '{SchemaTable}'",
            cancellationToken: cancellationToken));
        if (!exists)
        {
            return [];
        }

        var rows = await connection.QueryAsync<(string Module, long Version, string Name, string AppliedAt)>(new CommandDefinition(
            _factory.Provider == StorageProvider.Postgres
                ? $"SELECT module, version, name, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM {SchemaTable} ORDER BY module, version"
                : $"SELECT module, version, name, applied_at FROM {SchemaTable} ORDER BY module, version",
            cancellationToken: cancellationToken));
        return rows.Select(row => new AppliedMigration(
                row.Module,
                checked((int)row.Version),
                row.Name,
                DateTimeOffset.Parse(row.AppliedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)))
            .ToList();
    }

    private static List<Migration> Validate(IEnumerable<Migration> all, StorageProvider provider)
    {
        var ordered = new List<Migration>();
        foreach (var module in all.GroupBy(migration => migration.Module, StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(module.Key) || module.Key.Length > 100)
            {
                throw new StorageStartupException("A migration source registered a migration with an empty or over-long module name.");
            }

            var versions = module.OrderBy(migration => migration.Version).ToList();
            for (var index = 0; index < versions.Count; index++)
            {
                var migration = versions[index];
                if (migration.Version != index + 1)
                {
                    throw new StorageStartupException(
                        $"Migrations of module '{module.Key}' must be numbered 1..n without gaps or duplicates; found version {migration.Version} where {index + 1} was expected.");
                }

                if (string.IsNullOrWhiteSpace(migration.SqlFor(provider)))
                {
                    throw new StorageStartupException($"Migration {Describe(migration)} has no SQL for {provider}.");
                }
            }

            ordered.AddRange(versions);
        }

        return ordered
            .OrderBy(migration => migration.Module == "core" ? 0 : 1)
            .ThenBy(migration => migration.Module, StringComparer.Ordinal)
            .ThenBy(migration => migration.Version)
            .ToList();
    }

    private static string Describe(Migration migration) =>
        string.Create(CultureInfo.InvariantCulture, $"{migration.Module} v{migration.Version} '{migration.Name}'");

    private async Task<IReadOnlyList<Migration>> ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await EnsureSchemaTableAsync(connection, cancellationToken);
        var applied = (await connection.QueryAsync<(string Module, long Version)>(new CommandDefinition(
                $"SELECT module, version FROM {SchemaTable}", cancellationToken: cancellationToken)))
            .ToHashSet();
        RefuseNewerDatabase(applied);

        var done = new List<Migration>();
        foreach (var migration in _migrations)
        {
            if (applied.Contains((migration.Module, migration.Version)))
            {
                continue;
            }

            if (await ApplyOneAsync(connection, migration, cancellationToken))
            {
                done.Add(migration);
            }
        }

        return done;
    }

    private void RefuseNewerDatabase(HashSet<(string Module, long Version)> applied)
    {
        foreach (var module in _migrations.GroupBy(migration => migration.Module, StringComparer.Ordinal))
        {
            var known = module.Max(migration => migration.Version);
            var newest = applied.Where(row => row.Module == module.Key).Select(row => row.Version).DefaultIfEmpty(0).Max();
            if (newest > known)
            {
                throw new StorageStartupException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The database has migration {module.Key} v{newest}, but this build knows only up to v{known}; it was written by a newer version of the host."));
            }
        }
    }

    private async Task<bool> ApplyOneAsync(DbConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        var sqlite = _factory.Provider == StorageProvider.Sqlite;
        try
        {
            // Serializable on SQLite is BEGIN IMMEDIATE: the write lock is held from the re-check to the commit.
            await using var transaction = await connection.BeginTransactionAsync(
                sqlite ? IsolationLevel.Serializable : IsolationLevel.ReadCommitted, cancellationToken);
            var already = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM {SchemaTable} WHERE module = @Module AND version = @Version",
                new { migration.Module, migration.Version },
                transaction,
                cancellationToken: cancellationToken));
            if (already > 0)
            {
                return false;
            }

            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = migration.SqlFor(_factory.Provider);
                command.CommandTimeout = 600;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            var now = _time.GetUtcNow();
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {SchemaTable} (module, version, name, applied_at) VALUES (@Module, @Version, @Name, @AppliedAt)",
                new
                {
                    migration.Module,
                    migration.Version,
                    migration.Name,
                    AppliedAt = sqlite ? (object)now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) : now,
                },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception error) when (error is not StorageStartupException and not OperationCanceledException)
        {
            throw new StorageStartupException($"Migration {Describe(migration)} failed and was rolled back: {error.Message}", error);
        }
    }

    private async Task EnsureSchemaTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sql = _factory.Provider == StorageProvider.Postgres
            ? $"""
               CREATE TABLE IF NOT EXISTS {SchemaTable} (
                   module TEXT NOT NULL,
                   version INTEGER NOT NULL,
                   name TEXT NOT NULL,
                   applied_at TIMESTAMPTZ NOT NULL,
                   PRIMARY KEY (module, version))
               """
            : $"""
               CREATE TABLE IF NOT EXISTS {SchemaTable} (
                   module TEXT NOT NULL,
                   version INTEGER NOT NULL,
                   name TEXT NOT NULL,
                   applied_at TEXT NOT NULL,
                   PRIMARY KEY (module, version))
               """;
        await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }
}
