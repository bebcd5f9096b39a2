namespace ModularTorrent.Storage;

/// <summary>A row of the schema table: a migration the database has.</summary>
/// <param name="Module">The owning module.</param>
/// <param name="Version">The version within the module.</param>
/// <param name="Name">The migration's name when it was applied.</param>
/// <param name="AppliedAt">When it was applied (UTC).</param>
public sealed record AppliedMigration(string Module, int Version, string Name, DateTimeOffset AppliedAt);
