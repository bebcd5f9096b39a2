using ModularTorrent.Arc.Outbox;
using ModularTorrent.Storage;

namespace ModularTorrent.Arc.Tests.Outbox;

/// <summary>A migrated database for one test, and how to drop it.</summary>
public sealed class OutboxDatabase(IDbConnectionFactory factory, Func<Task> drop) : IAsyncDisposable
{
    public IDbConnectionFactory Factory { get; } = factory;

    public static async Task<OutboxDatabase> SqliteAsync()
    {
        var folder = new TempFolder("mt-arc");
        var factory = await StorageBootstrap.InitializeAsync(new StorageOptions { DataDirectory = folder.Path }, [new ArcMigrations()]);
        return new OutboxDatabase(factory, () =>
        {
            folder.Dispose();
            return Task.CompletedTask;
        });
    }

    /// <summary>A fresh database on the shared test server, dropped WITH (FORCE) on dispose.</summary>
    public static async Task<OutboxDatabase> PostgresAsync(PostgresServer server)
    {
        var database = await server.CreateDatabaseAsync("mt_arc");
        var factory = await StorageBootstrap.InitializeAsync(database.Options, [new ArcMigrations()]);
        return new OutboxDatabase(factory, () => database.DisposeAsync().AsTask());
    }

    public async ValueTask DisposeAsync()
    {
        if (Factory is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        await drop();
    }
}
