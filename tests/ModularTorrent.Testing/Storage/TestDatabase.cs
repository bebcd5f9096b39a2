using ModularTorrent.Storage;

namespace ModularTorrent.Testing;

/// <summary>A fresh database for one test; disposing removes it.</summary>
public sealed class TestDatabase(StorageOptions options, Func<Task> drop) : IAsyncDisposable
{
    public StorageOptions Options { get; } = options;

    public ValueTask DisposeAsync() => new(drop());
}
