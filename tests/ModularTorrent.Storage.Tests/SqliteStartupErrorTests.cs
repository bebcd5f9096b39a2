using Microsoft.Data.Sqlite;
using Xunit;

namespace ModularTorrent.Storage.Tests;

/// <summary>Bad configuration gives one clear start-up error.</summary>
public sealed class SqliteStartupErrorTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mt-startup-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task An_unknown_provider_is_named()
    {
        var error = await Assert.ThrowsAsync<StorageStartupException>(
            () => StorageBootstrap.InitializeAsync(new StorageOptions { Provider = "mysql" }, []));

        Assert.Equal("Storage:Provider 'mysql' is not a known database provider; use 'sqlite' or 'postgres'.", error.Message);
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_is_named()
    {
        var error = await Assert.ThrowsAsync<StorageStartupException>(
            () => StorageBootstrap.InitializeAsync(new StorageOptions { Provider = "postgres" }, []));

        Assert.Contains("Storage:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_named()
    {
        var path = Path.Combine(_folder.FullName, StorageOptions.SqliteFileName);
        await File.WriteAllTextAsync(path, new string('x', 8192));

        var error = await Assert.ThrowsAsync<StorageStartupException>(
            () => StorageBootstrap.InitializeAsync(new StorageOptions { DataDirectory = _folder.FullName }, []));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_created_is_named()
    {
        var blocker = Path.Combine(_folder.FullName, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");

        var error = await Assert.ThrowsAsync<StorageStartupException>(
            () => StorageBootstrap.InitializeAsync(new StorageOptions { DataDirectory = Path.Combine(blocker, "data") }, []));

        Assert.Contains("Cannot create the data folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_sqlite_connection_string_is_named()
    {
        var error = await Assert.ThrowsAsync<StorageStartupException>(
            () => StorageBootstrap.InitializeAsync(new StorageOptions { ConnectionString = "Flavour=strawberry" }, []));

        Assert.Contains("not a valid SQLite connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_sqlite_connection_string_is_used_and_migrated()
    {
        var path = Path.Combine(_folder.FullName, "custom.db");

        var factory = await StorageBootstrap.InitializeAsync(new StorageOptions { ConnectionString = $"Data Source={path}" }, []);

        Assert.Equal(StorageProvider.Sqlite, factory.Provider);
        Assert.True(File.Exists(path));
        Assert.Equal(new CoreMigrations().GetMigrations().Count, (await new MigrationRunner(factory, [new CoreMigrations()]).GetAppliedAsync()).Count);
    }
}
