using ModularTorrent.Storage;

namespace ModularTorrent.Testing;

/// <summary>Makes fresh, empty databases of one provider, each independent of the others.</summary>
public interface ITestDatabases
{
    StorageProvider Provider { get; }

    /// <summary>Creates an empty database and returns options pointing at it (migrations not applied).</summary>
    Task<TestDatabase> CreateAsync();
}
