using Npgsql;
using Xunit;

namespace ModularTorrent.Storage.Tests.Infrastructure;

/// <summary>The shared PostgreSQL fixture itself: a database per test that really goes away, and a clear failure without a server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresServer server)
{
    [Fact]
    public async Task Each_database_is_new_empty_and_dropped_on_dispose_even_with_a_session_open()
    {
        await using var first = await server.CreateDatabaseAsync();
        await using var second = await server.CreateDatabaseAsync();
        Assert.NotEqual(first.Name, second.Name);
        Assert.True(await ExistsAsync(first.Name));

        // An open session must not keep the database alive: the drop is WITH (FORCE).
        await using var session = new NpgsqlConnection(first.ConnectionString);
        await session.OpenAsync();
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", session))
        {
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }

        await first.DisposeAsync();
        Assert.False(await ExistsAsync(first.Name));
        Assert.True(await ExistsAsync(second.Name));
    }

    [Fact]
    public async Task No_server_fails_with_the_reason_and_never_leaks_the_password()
    {
        var unreachable = PostgresServer.Connect($"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Password=s3cret-pw;Timeout=3");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => unreachable.CreateDatabaseAsync());
        Assert.Contains("did not create database", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
    }

    private async Task<bool> ExistsAsync(string name)
    {
        await using var admin = new NpgsqlConnection(server.AdminConnectionString);
        await admin.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", admin);
        query.Parameters.AddWithValue("name", name);
        return (long)(await query.ExecuteScalarAsync())! == 1;
    }
}
