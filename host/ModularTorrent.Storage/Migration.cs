namespace ModularTorrent.Storage;

/// <summary>
/// One versioned schema change. Migrations are grouped by <see cref="Module"/> (the host's core
/// tables, rules, wallet, broadcaster, …) so each part of the system owns its own sequence.
/// </summary>
/// <param name="Module">The owning module, e.g. <c>core</c>, <c>rules</c>, <c>wallet</c>.</param>
/// <param name="Version">The version within the module, from 1, without gaps.</param>
/// <param name="Name">A short description, e.g. <c>create torrents</c>.</param>
/// <param name="Sqlite">The SQL for SQLite.</param>
/// <param name="Postgres">The SQL for PostgreSQL.</param>
public sealed record Migration(string Module, int Version, string Name, string Sqlite, string Postgres)
{
    /// <summary>The SQL for <paramref name="provider"/>.</summary>
    /// <param name="provider">The database engine.</param>
    public string SqlFor(StorageProvider provider) => provider == StorageProvider.Postgres ? Postgres : Sqlite;
}
