namespace ModularTorrent.Storage;

/// <summary>The database engines the host can use.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file in the data folder (the default).</summary>
    Sqlite = 1,

    /// <summary>A PostgreSQL server, for several hosts sharing one state.</summary>
    Postgres = 2,
}
