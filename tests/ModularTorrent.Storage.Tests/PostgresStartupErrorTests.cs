using System.Net;
using System.Net.Sockets;
using ModularTorrent.Storage.Tests.Infrastructure;
using Xunit;

namespace ModularTorrent.Storage.Tests;

/// <summary>Bad PostgreSQL configuration gives one clear start-up error, without the password.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStartupErrorTests(PostgresServer server)
{
    private static StorageOptions Postgres(string connectionString) => new() { Provider = "postgres", ConnectionString = connectionString, ConnectTimeoutSeconds = 5 };

    [Fact]
    public async Task An_unreachable_server_is_named()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var error = await Assert.ThrowsAsync<StorageStartupException>(
            () => StorageBootstrap.InitializeAsync(Postgres($"Host=127.0.0.1;Port={port};Username=u;Password=secret-pw;Database=d"), []));

        Assert.StartsWith($"Cannot reach PostgreSQL at 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_named()
    {
        var connectionString = server.With(builder => builder.Password = "definitely-wrong");

        var error = await Assert.ThrowsAsync<StorageStartupException>(() => StorageBootstrap.InitializeAsync(Postgres(connectionString), []));

        Assert.Contains("rejected the credentials of user", error.Message, StringComparison.Ordinal);
        Assert.Contains("28P01", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("definitely-wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_database_is_named()
    {
        var connectionString = server.With(builder => builder.Database = "no_such_db_here");

        var error = await Assert.ThrowsAsync<StorageStartupException>(() => StorageBootstrap.InitializeAsync(Postgres(connectionString), []));

        Assert.Contains("has no database 'no_such_db_here'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_named()
    {
        var error = await Assert.ThrowsAsync<StorageStartupException>(
            () => StorageBootstrap.InitializeAsync(Postgres("Host=127.0.0.1;Colour=blue"), []));

        Assert.Contains("not a valid PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }
}
