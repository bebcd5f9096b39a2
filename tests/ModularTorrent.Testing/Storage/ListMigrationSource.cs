using ModularTorrent.Storage;

namespace ModularTorrent.Testing;

/// <summary>A migration source over a fixed list, as another module would register.</summary>
public sealed class ListMigrationSource(params Migration[] migrations) : IMigrationSource
{
    public IReadOnlyList<Migration> GetMigrations() => migrations;

    /// <summary>A migration with the same SQL on both engines.</summary>
    public static Migration Same(string module, int version, string name, string sql) => new(module, version, name, sql, sql);
}
