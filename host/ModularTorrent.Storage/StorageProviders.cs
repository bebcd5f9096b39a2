namespace ModularTorrent.Storage;

/// <summary>The configuration names of the providers and their parsing.</summary>
public static class StorageProviders
{
    /// <summary>The configuration name of SQLite.</summary>
    public const string SqliteName = "sqlite";

    /// <summary>The configuration name of PostgreSQL.</summary>
    public const string PostgresName = "postgres";

    /// <summary>Parses a configured provider name (<c>sqlite</c>, <c>postgres</c> or <c>postgresql</c>, any case).</summary>
    /// <param name="name">The configured name.</param>
    /// <exception cref="StorageStartupException">The name is empty or unknown.</exception>
    public static StorageProvider Parse(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Equals(SqliteName, StringComparison.OrdinalIgnoreCase))
        {
            return StorageProvider.Sqlite;
        }

        if (trimmed.Equals(PostgresName, StringComparison.OrdinalIgnoreCase) || trimmed.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            return StorageProvider.Postgres;
        }

        throw new StorageStartupException(
            $"Storage:Provider '{trimmed}' is not a known database provider; use '{SqliteName}' or '{PostgresName}'.");
    }
}
