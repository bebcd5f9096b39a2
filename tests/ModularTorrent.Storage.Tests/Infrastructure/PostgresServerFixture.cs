using Npgsql;
using Xunit;

namespace ModularTorrent.Storage.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the whole "postgres" test collection: the one named by
/// <c>MT_TEST_POSTGRES</c> (a connection string with the right to create databases) when set, else a
/// throw-away cluster started with <c>scripts/postgres-cluster.sh</c> and stopped at the end.
/// When no server can be had, every PostgreSQL test fails with the reason (never a silent pass).
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime, ITestDatabases
{
    private string? _clusterFolder;
    private string? _adminConnectionString;
    private string? _startError;

    public StorageProvider Provider => StorageProvider.Postgres;

    /// <summary>A connection string to the server's maintenance database.</summary>
    public string AdminConnectionString => _adminConnectionString ?? throw new InvalidOperationException(_startError);

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("MT_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _adminConnectionString = configured;
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), "mt-pg-test-" + Guid.NewGuid().ToString("N")[..10]);
        var script = Path.Combine(RepositoryRoot.Path, "scripts", "postgres-cluster.sh");
        try
        {
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("bash", [script, "start", folder], TimeSpan.FromMinutes(5));
            _clusterFolder = folder;
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (exitCode != 0 || lines.Length == 0)
            {
                _startError = $"PostgreSQL test server did not start: {script} exited with {exitCode}: {stderr.Trim()}";
                return;
            }

            _adminConnectionString = lines[^1];
        }
        catch (Exception error)
        {
            _startError = $"PostgreSQL test server did not start ({script}): {error.Message}";
        }

        if (_startError is not null)
        {
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            _startError += ci
                ? " (CI=true: PostgreSQL tests are required.)"
                : " Set MT_TEST_POSTGRES to a server's connection string, or install postgresql (apt-get install -y postgresql).";
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterFolder is not null)
        {
            var script = Path.Combine(RepositoryRoot.Path, "scripts", "postgres-cluster.sh");
            await ProcessRunner.RunAsync("bash", [script, "stop", _clusterFolder], TimeSpan.FromMinutes(1));
        }
    }

    public async Task<TestDatabase> CreateAsync()
    {
        var name = "mt_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        var options = new StorageOptions { Provider = "postgres", ConnectionString = builder.ConnectionString };
        return new TestDatabase(options, async () =>
        {
            await using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }

    /// <summary>A connection string to this server with other credentials or database.</summary>
    public string With(Action<NpgsqlConnectionStringBuilder> change)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        change(builder);
        return builder.ConnectionString;
    }
}
