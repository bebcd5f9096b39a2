using ModularTorrent.Storage;

namespace ModularTorrent.Host.Security;

/// <summary>The <c>auth</c> module's tables: hashed API keys.</summary>
internal sealed class ApiKeyMigrations : IMigrationSource
{
    public IReadOnlyList<Migration> GetMigrations() =>
    [
        new(
            "auth",
            1,
            "create api_keys",
            """
            CREATE TABLE api_keys (
                id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                scope INTEGER NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER NULL);
            """,
            """
            CREATE TABLE api_keys (
                id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                scope INTEGER NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT NULL);
            """),
    ];
}
