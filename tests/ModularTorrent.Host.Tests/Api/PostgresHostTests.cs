using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularTorrent.Host.Tests.Support;
using Npgsql;

namespace ModularTorrent.Host.Tests.Api;

/// <summary>The host as a real process against a real PostgreSQL server (Storage__Provider=postgres).</summary>
public sealed class PostgresHostTests
{
    [Fact]
    public async Task The_host_starts_against_postgres_migrates_and_keeps_plugin_state_there()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        using var folder = new TempFolder();
        var plugins = folder.Sub("plugins");
        Probe.Install(plugins, "1");
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = database.ConnectionString,
            ["Security:AllowAnonymousLoopbackReads"] = "true",
        };

        await using (var host = await HostProcess.StartAsync(folder.Sub("data"), plugins, settings))
        {
            using var http = new HttpClient { BaseAddress = host.Address };
            var probe = await http.GetFromJsonAsync<JsonElement>($"/api/v1/plugins/{Probe.Id}");
            Assert.Equal("loaded", probe.GetProperty("state").GetString());
            Assert.Matches("created admin API key '[0-9a-f]{8}'", host.Output);
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var migrations = new NpgsqlCommand("SELECT count(*) FROM schema_migrations WHERE module IN ('core', 'auth')", connection);
        Assert.True((long)(await migrations.ExecuteScalarAsync())! >= 2);
        await using var keys = new NpgsqlCommand("SELECT count(*) FROM api_keys", connection);
        Assert.Equal(1L, (long)(await keys.ExecuteScalarAsync())!);
        Assert.False(File.Exists(Path.Combine(folder.Path, "data", "modulartorrent.db")), "no SQLite file when PostgreSQL is configured");
    }

    [Fact]
    public async Task A_wrong_postgres_password_stops_the_host_with_one_clear_line()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        using var folder = new TempFolder();
        var wrong = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "definitely-wrong" }.ConnectionString;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => HostProcess.StartAsync(
            folder.Sub("data"),
            folder.Sub("plugins"),
            new Dictionary<string, string> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = wrong }));

        Assert.Contains("ModularTorrent cannot start:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("definitely-wrong", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }
}
