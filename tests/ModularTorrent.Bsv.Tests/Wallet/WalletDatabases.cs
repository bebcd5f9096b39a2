using System.Diagnostics;
using ModularTorrent.Bsv.Wallet;
using ModularTorrent.Storage;
using Npgsql;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Wallet;

/// <summary>Creates migrated wallet databases: a fresh SQLite file, or a fresh database on a real PostgreSQL server.</summary>
public interface IWalletDatabases
{
    Task<IDbConnectionFactory> CreateAsync();
}

public sealed class SqliteWalletDatabases : IWalletDatabases, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mt-bsv-wallet-" + Guid.NewGuid().ToString("N")[..10]);

    public async Task<IDbConnectionFactory> CreateAsync()
    {
        var factory = SqliteConnectionFactory.ForFile(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db"));
        await new MigrationRunner(factory, [new WalletMigrations()]).RunAsync();
        return factory;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

/// <summary>
/// A real PostgreSQL server for the "bsv-postgres" collection: MT_TEST_POSTGRES when set, else a throw-away cluster
/// from scripts/postgres-cluster.sh. Tests fail with the reason when no server can be had.
/// </summary>
public sealed class PostgresWalletDatabases : IWalletDatabases, IAsyncLifetime
{
    private readonly List<string> _databases = [];
    private string? _folder;
    private string? _admin;
    private string? _error;

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("MT_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(_admin))
        {
            return;
        }

        _folder = Path.Combine(Path.GetTempPath(), "mt-bsv-pg-" + Guid.NewGuid().ToString("N")[..10]);
        var (code, stdout, stderr) = await RunAsync("start", _folder);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (code != 0 || lines.Length == 0)
        {
            _error = $"PostgreSQL did not start (postgres-cluster.sh exited {code}): {stderr.Trim()}";
            _admin = null;
            return;
        }

        _admin = lines[^1];
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_folder is not null)
        {
            await RunAsync("stop", _folder);
        }
        else if (_admin is not null)
        {
            foreach (var name in _databases)
            {
                await using var connection = new NpgsqlConnection(_admin);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    public async Task<IDbConnectionFactory> CreateAsync()
    {
        var admin = _admin ?? throw new InvalidOperationException(_error);
        var name = "mt_bsv_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return await StorageBootstrap.InitializeAsync(new StorageOptions { Provider = "postgres", ConnectionString = cs }, [new WalletMigrations()]);
    }

    private static async Task<(int Code, string StdOut, string StdErr)> RunAsync(string verb, string folder)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(Vectors.RepoRoot, "scripts", "postgres-cluster.sh"));
        info.ArgumentList.Add(verb);
        info.ArgumentList.Add(folder);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

[CollectionDefinition(Name)]
public sealed class BsvPostgresCollection : ICollectionFixture<PostgresWalletDatabases>
{
    public const string Name = "bsv-postgres";
}
