namespace ModularTorrent.Storage;

/// <summary>A module's migrations. Register one per module; the runner applies them in (module, version) order at start-up.</summary>
public interface IMigrationSource
{
    /// <summary>The module's migrations, in version order.</summary>
    IReadOnlyList<Migration> GetMigrations();
}
