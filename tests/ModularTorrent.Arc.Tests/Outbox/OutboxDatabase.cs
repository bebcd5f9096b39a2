using ModularTorrent.Arc.Outbox;
using ModularTorrent.Storage;

namespace ModularTorrent.Arc.Tests.Outbox;

/// <summary>A migrated database for one test, and how to drop it.</summary>
public sealed class OutboxDatabase(IDbConnectionFactory factory, Func<Task> drop) : IAsyncDisposable
{
    public IDbConnectionFactory Factory { get; } = factory;

    public static async Task<OutboxDatabase> SqliteAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mt-arc-" + Guid.NewGuid().ToString("N")[..10]);
        var factory = await StorageBootstrap.InitializeAsync(new StorageOptions { DataDirectory = folder }, [new ArcMigrations()]);
        return new OutboxDatabase(factory, () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        });
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
