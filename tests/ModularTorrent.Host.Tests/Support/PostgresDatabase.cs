using System.Diagnostics;
using Npgsql;

namespace ModularTorrent.Host.Tests.Support;

/// <summary>
/// A fresh database on a real PostgreSQL server: the one named by MT_TEST_POSTGRES (the test
/// script starts it), or a throw-away cluster started here with scripts/postgres-cluster.sh.
/// There is no skip: without a server the test fails and says why.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _adminConnection;
    private readonly string? _clusterDirectory;

    private PostgresDatabase(string adminConnection, string name, string? clusterDirectory)
    {
        _adminConnection = adminConnection;
        Name = name;
        _clusterDirectory = clusterDirectory;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnection) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable("MT_TEST_POSTGRES");
        string? cluster = null;
        if (string.IsNullOrWhiteSpace(admin))
        {
            cluster = Path.Combine(Path.GetTempPath(), "mt-host-pg-" + Guid.NewGuid().ToString("N"));
            admin = await RunScriptAsync("start", cluster);
        }

        var name = "mt_host_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(admin, name, cluster);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The server may already be gone with its cluster.
        }

        if (_clusterDirectory is not null)
        {
            await RunScriptAsync("stop", _clusterDirectory);
        }
    }

    private static async Task<string> RunScriptAsync(string verb, string directory)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "scripts", "postgres-cluster.sh"));
        info.ArgumentList.Add(verb);
        info.ArgumentList.Add(directory);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL could not be started for the test (postgres-cluster.sh {verb} exited {process.ExitCode}): {await errors}");
        }

        return (await output).Trim();
    }
}
