using ModularTorrent.Storage;
using Xunit;

namespace ModularTorrent.Testing;

/// <summary>
/// The base of every provider-neutral test class: a fresh database per test (xunit makes one
/// instance per test), migrated through <see cref="StorageBootstrap"/>, removed afterwards.
/// Concrete subclasses pick the provider.
/// </summary>
public abstract class StorageTestBase(ITestDatabases databases) : IAsyncLifetime
{
    private readonly List<TestDatabase> _databases = [];
    private readonly List<IDbConnectionFactory> _factories = [];

    protected ITestDatabases Databases { get; } = databases;

    protected StorageProvider Provider => Databases.Provider;

    protected StorageOptions Options { get; private set; } = null!;

    protected IDbConnectionFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = await CreateDatabaseAsync();
        Options = database.Options;
        Factory = await OpenAsync(Options);
    }

    public async Task DisposeAsync()
    {
        foreach (var factory in _factories)
        {
            if (factory is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>Another fresh, empty database, removed after the test.</summary>
    protected async Task<TestDatabase> CreateDatabaseAsync()
    {
        var database = await Databases.CreateAsync();
        _databases.Add(database);
        return database;
    }

    /// <summary>Bootstraps (and later disposes) a factory over <paramref name="options"/>.</summary>
    protected async Task<IDbConnectionFactory> OpenAsync(StorageOptions options, params IMigrationSource[] sources)
    {
        var factory = await StorageBootstrap.InitializeAsync(options, sources);
        _factories.Add(factory);
        return factory;
    }

    /// <summary>A factory without bootstrap (no migrations), disposed after the test.</summary>
    protected IDbConnectionFactory CreateRawFactory(StorageOptions options)
    {
        var factory = StorageBootstrap.CreateFactory(options);
        _factories.Add(factory);
        return factory;
    }
}
