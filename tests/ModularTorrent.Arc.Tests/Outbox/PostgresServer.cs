using System.Diagnostics;
using ModularTorrent.Arc.Outbox;
using ModularTorrent.Storage;
using Npgsql;

namespace ModularTorrent.Arc.Tests.Outbox;

/// <summary>
/// A real PostgreSQL server for the "arc-postgres" collection: MT_TEST_POSTGRES when set, else a
/// throw-away cluster from scripts/postgres-cluster.sh. Tests fail with the reason when none can be had.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
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

        _folder = Path.Combine(Path.GetTempPath(), "mt-arc-pg-" + Guid.NewGuid().ToString("N")[..10]);
        var (code, stdout, stderr) = await RunAsync("bash", Script, "start", _folder);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (code != 0 || lines.Length == 0)
        {
            _error = $"PostgreSQL did not start ({Script} exited {code}): {stderr.Trim()}";
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
            await RunAsync("bash", Script, "stop", _folder);
        }
    }

    public async Task<OutboxDatabase> CreateAsync()
    {
        var admin = _admin ?? throw new InvalidOperationException(_error);
        var name = "mt_arc_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var factory = await StorageBootstrap.InitializeAsync(new StorageOptions { Provider = "postgres", ConnectionString = cs }, [new ArcMigrations()]);
        return new OutboxDatabase(factory, async () =>
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }

    private static string Script => Path.Combine(TestData.RepoRoot, "scripts", "postgres-cluster.sh");

    private static async Task<(int Code, string StdOut, string StdErr)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "arc-postgres";
}
