using Dapper;
using Xunit;

namespace ModularTorrent.Storage.Tests;

/// <summary>Versioned migrations at start-up, the same on every provider.</summary>
public abstract class MigrationRunnerContract(ITestDatabases databases) : StorageTestBase(databases)
{
    private async Task<bool> TableExistsAsync(IDbConnectionFactory factory, string table)
    {
        await using var connection = await factory.OpenAsync();
        return await connection.ExecuteScalarAsync<bool>(
            Provider == StorageProvider.Postgres
                ? "SELECT to_regclass(@Table) IS NOT NULL"
                : "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = @Table",
            new { Table = table });
    }

    [Fact]
    public async Task Bootstrap_applies_the_core_migrations_and_records_them()
    {
        var applied = await new MigrationRunner(Factory, [new CoreMigrations()]).GetAppliedAsync();

        Assert.Equal(
            [("core", 1, "create torrents"), ("core", 2, "create resume_data"), ("core", 3, "create plugin_state"), ("core", 4, "create plugin_kv"),
                ("core", 5, "resume_data without foreign key")],
            applied.Select(row => (row.Module, row.Version, row.Name)));
        Assert.All(applied, row => Assert.InRange(row.AppliedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
        foreach (var table in new[] { "torrents", "resume_data", "plugin_state", "plugin_kv", MigrationRunner.SchemaTable })
        {
            Assert.True(await TableExistsAsync(Factory, table), table);
        }
    }

    [Fact]
    public async Task A_second_run_applies_nothing_and_new_modules_get_their_own_sequence()
    {
        var wallet = new ListMigrationSource(
            ListMigrationSource.Same("wallet", 1, "create utxos", "CREATE TABLE wallet_utxos (id TEXT PRIMARY KEY)"),
            ListMigrationSource.Same("wallet", 2, "add amount", "ALTER TABLE wallet_utxos ADD COLUMN amount BIGINT NOT NULL DEFAULT 0"));

        Assert.Empty(await new MigrationRunner(Factory, [new CoreMigrations()]).RunAsync());
        var firstRun = await new MigrationRunner(Factory, [new CoreMigrations(), wallet]).RunAsync();
        var secondRun = await new MigrationRunner(Factory, [wallet, new CoreMigrations()]).RunAsync();

        Assert.Equal([("wallet", 1), ("wallet", 2)], firstRun.Select(migration => (migration.Module, migration.Version)));
        Assert.Empty(secondRun);
        Assert.True(await TableExistsAsync(Factory, "wallet_utxos"));
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_database_unchanged_and_names_itself()
    {
        var database = await CreateDatabaseAsync();
        var broken = new ListMigrationSource(
            ListMigrationSource.Same("rules", 1, "create rules", "CREATE TABLE rules_ok (id INTEGER PRIMARY KEY)"),
            ListMigrationSource.Same(
                "rules",
                2,
                "create versions",
                "CREATE TABLE rules_half (id INTEGER); INSERT INTO rules_half VALUES (1); INSERT INTO no_such_table VALUES (1);"));

        var error = await Assert.ThrowsAsync<StorageStartupException>(() => OpenAsync(database.Options, broken));

        Assert.Contains("rules v2 'create versions'", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        var factory = CreateRawFactory(database.Options);
        Assert.True(await TableExistsAsync(factory, "rules_ok"));
        Assert.False(await TableExistsAsync(factory, "rules_half"));
        var applied = await new MigrationRunner(factory, [new CoreMigrations(), broken]).GetAppliedAsync();
        Assert.Contains(applied, row => row is { Module: "rules", Version: 1 });
        Assert.DoesNotContain(applied, row => row is { Module: "rules", Version: 2 });

        // Fixed code starts cleanly on the same database.
        var fixedSource = new ListMigrationSource(
            broken.GetMigrations()[0],
            ListMigrationSource.Same("rules", 2, "create versions", "CREATE TABLE rules_half (id INTEGER)"));
        await OpenAsync(database.Options, fixedSource);
        Assert.True(await TableExistsAsync(factory, "rules_half"));
    }

    [Fact]
    public async Task Upgrading_a_database_keeps_its_data()
    {
        var database = await CreateDatabaseAsync();
        var version4 = new ListMigrationSource([.. new CoreMigrations().GetMigrations().Take(4)]);
        var old = CreateRawFactory(database.Options);
        await new MigrationRunner(old, [version4]).RunAsync();
        await using (var connection = await old.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO torrents (id, name, source_uri, save_path, state, added_at) VALUES ('kept', 'kept', 'magnet:?x', '/d', 3, 0)");
            await connection.ExecuteAsync(
                "INSERT INTO resume_data (transfer_id, verified_pieces, file_states, saved_at) VALUES ('kept', @Pieces, @Files, 5)",
                new { Pieces = new byte[] { 0xf0 }, Files = new byte[24] });
        }

        var upgraded = await OpenAsync(database.Options);

        var resume = new DbResumeStore(upgraded);
        var kept = await resume.LoadAsync("kept");
        Assert.Equal([0xf0], kept!.VerifiedPieces);
        Assert.Equal([new Sdk.Protocols.ResumeFileState(0, 0, 0)], kept.Files);
        Assert.Equal("kept", (await new TorrentRepository(upgraded).GetAsync("kept"))!.Name);
        await resume.SaveAsync(new Sdk.Protocols.ResumeData("not-a-torrent-yet", [1], [], DateTimeOffset.UnixEpoch));
        Assert.Contains(await new MigrationRunner(upgraded, [new CoreMigrations()]).GetAppliedAsync(), row => row is { Module: "core", Version: 5 });
    }

    [Fact]
    public async Task Inconsistent_sources_are_refused_before_touching_the_database()
    {
        var gap = new ListMigrationSource(
            ListMigrationSource.Same("arc", 1, "one", "CREATE TABLE arc_one (id INTEGER)"),
            ListMigrationSource.Same("arc", 3, "three", "CREATE TABLE arc_three (id INTEGER)"));
        var duplicate = new ListMigrationSource(ListMigrationSource.Same("core", 1, "again", "SELECT 1"));
        var database = await CreateDatabaseAsync();

        var gapError = await Assert.ThrowsAsync<StorageStartupException>(() => OpenAsync(database.Options, gap));
        var duplicateError = await Assert.ThrowsAsync<StorageStartupException>(() => OpenAsync(database.Options, new CoreMigrations(), duplicate));

        Assert.Contains("module 'arc'", gapError.Message, StringComparison.Ordinal);
        Assert.Contains("version 3 where 2 was expected", gapError.Message, StringComparison.Ordinal);
        Assert.Contains("module 'core'", duplicateError.Message, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync(CreateRawFactory(database.Options), "arc_one"));
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        await using (var connection = await Factory.OpenAsync())
        {
            await connection.ExecuteAsync(
                $"INSERT INTO {MigrationRunner.SchemaTable} (module, version, name, applied_at) VALUES ('core', 99, 'future', "
                + (Provider == StorageProvider.Postgres ? "now())" : "'2030-01-01T00:00:00Z')"));
        }

        var error = await Assert.ThrowsAsync<StorageStartupException>(() => OpenAsync(Options));

        Assert.Contains("core v99", error.Message, StringComparison.Ordinal);
        Assert.Contains("only up to v5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_starting_together_apply_each_migration_once()
    {
        var database = await CreateDatabaseAsync();

        // No IF NOT EXISTS: a second application of any of these would fail the start-up.
        var slow = new ListMigrationSource(
            new Migration("slow", 1, "create a", "CREATE TABLE slow_a (id INTEGER)", "SELECT pg_sleep(0.3); CREATE TABLE slow_a (id INTEGER)"),
            ListMigrationSource.Same("slow", 2, "create b", "CREATE TABLE slow_b (id INTEGER)"),
            ListMigrationSource.Same("slow", 3, "fill b", "INSERT INTO slow_b VALUES (1)"));

        var hosts = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(async () => await StorageBootstrap.InitializeAsync(database.Options, [slow])))
            .ToArray();
        var factories = await Task.WhenAll(hosts);

        try
        {
            var applied = await new MigrationRunner(factories[0], [slow]).GetAppliedAsync();
            Assert.Equal(new CoreMigrations().GetMigrations().Count + 3, applied.Count);
            await using var connection = await factories[0].OpenAsync();
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM slow_b"));
        }
        finally
        {
            foreach (var factory in factories.OfType<IAsyncDisposable>())
            {
                await factory.DisposeAsync();
            }
        }
    }
}
