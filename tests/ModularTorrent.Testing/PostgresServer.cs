using ModularTorrent.Storage;
using Npgsql;
using Xunit;

namespace ModularTorrent.Testing;

/// <summary>
/// The one real PostgreSQL server of a test run: the server named by <c>MT_TEST_POSTGRES</c> (a
/// connection string allowed to create databases) when set, else a throw-away cluster started with
/// <c>scripts/postgres-cluster.sh start DIR</c> and stopped with <c>stop DIR</c> (always the explicit
/// DIR: a bare <c>stop</c> stops whatever cluster started last, possibly someone else's).
/// Each test gets its own database (<see cref="CreateDatabaseAsync"/>), dropped WITH (FORCE) afterwards.
/// Use it as an xunit collection fixture, or through <see cref="StartAsync"/>. There is no skip: when no
/// server can be had, every use throws with the reason, so the PostgreSQL tests fail and say why.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime, ITestDatabases
{
    /// <summary>The environment variable naming an existing server to use instead of starting one.</summary>
    public const string EnvironmentVariable = "MT_TEST_POSTGRES";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    private string? _clusterFolder;
    private string? _adminConnectionString;
    private string? _startError;

    /// <inheritdoc />
    public StorageProvider Provider => StorageProvider.Postgres;

    /// <summary>A connection string to the server's maintenance database; throws with the reason when there is no server.</summary>
    public string AdminConnectionString =>
        _adminConnectionString ?? throw new InvalidOperationException(_startError ?? "The PostgreSQL test server was not initialised (InitializeAsync was not called).");

    /// <summary>A server at <paramref name="adminConnectionString"/>, whatever <c>MT_TEST_POSTGRES</c> says; nothing is started or stopped.</summary>
    public static PostgresServer Connect(string adminConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(adminConnectionString);
        return new PostgresServer { _adminConnectionString = adminConnectionString };
    }

    /// <summary>Starts (or connects to) a server outside an xunit fixture; dispose it with <see cref="DisposeAsync"/>.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        await server.InitializeAsync().ConfigureAwait(false);
        return server;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _adminConnectionString = configured;
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), "mt-pg-test-" + Guid.NewGuid().ToString("N")[..12]);
        var script = Script;
        try
        {
            // Remembered before the outcome is known: a half-started cluster is still stopped at the end.
            _clusterFolder = folder;
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("bash", [script, "start", folder], StartTimeout).ConfigureAwait(false);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (exitCode == 0 && lines.Length > 0)
            {
                _adminConnectionString = lines[^1];
                return;
            }

            _startError = $"{script} start {folder} exited with {exitCode}: {stderr.Trim()}";
        }
        catch (Exception error) when (error is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            _startError = $"{script} start {folder} failed: {error.Message}";
        }

        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        _startError = $"No PostgreSQL server for the tests: {EnvironmentVariable} is not set and a throw-away cluster did not start ({_startError})."
            + (ci
                ? " CI=true: PostgreSQL tests are required."
                : $" Set {EnvironmentVariable} to a server's connection string, or install postgresql (apt-get install -y postgresql).");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterFolder is not null)
        {
            await ProcessRunner.RunAsync("bash", [Script, "stop", _clusterFolder], StopTimeout).ConfigureAwait(false);
            _clusterFolder = null;
        }
    }

    /// <summary>Creates a fresh, empty database with a random name; disposing it drops it WITH (FORCE).</summary>
    /// <param name="prefix">The start of the database name (letters, digits and underscores).</param>
    public async Task<PostgresDatabase> CreateDatabaseAsync(string prefix = "mt_test")
    {
        var admin = AdminConnectionString;
        var name = prefix + "_" + Guid.NewGuid().ToString("N");
        try
        {
            await PostgresDatabase.ExecuteAsync(admin, $"CREATE DATABASE {name}").ConfigureAwait(false);
        }
        catch (NpgsqlException error)
        {
            throw new InvalidOperationException($"The PostgreSQL test server ({Describe(admin)}) did not create database {name}: {error.Message}", error);
        }

        return new PostgresDatabase(admin, name, owner: null);
    }

    /// <inheritdoc />
    public async Task<TestDatabase> CreateAsync()
    {
        var database = await CreateDatabaseAsync().ConfigureAwait(false);
        return new TestDatabase(database.Options, () => database.DisposeAsync().AsTask());
    }

    /// <summary>A connection string to this server with other credentials or database.</summary>
    public string With(Action<NpgsqlConnectionStringBuilder> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        change(builder);
        return builder.ConnectionString;
    }

    private static string Script => RepoRoot.Combine("scripts", "postgres-cluster.sh");

    // Never the password: this goes into test failure messages.
    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port} as {builder.Username}";
    }
}
