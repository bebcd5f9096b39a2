using ModularTorrent.Storage;

namespace ModularTorrent.Scripting.Rules;

/// <summary>The rules module's tables: rules, their versions, and every activation (who, when, which version).</summary>
public sealed class RulesMigrations : IMigrationSource
{
    /// <summary>The module name.</summary>
    public const string Module = "rules";

    /// <inheritdoc />
    public IReadOnlyList<Migration> GetMigrations() =>
    [
        new(
            Module,
            1,
            "create rules, versions, activations",
            """
            CREATE TABLE rules_rules (
                name TEXT NOT NULL PRIMARY KEY,
                active_version INTEGER NULL,
                created_at INTEGER NOT NULL);
            CREATE TABLE rules_versions (
                name TEXT NOT NULL REFERENCES rules_rules (name) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                source TEXT NOT NULL,
                sample_facts TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                disabled_at INTEGER NULL,
                disabled_reason TEXT NULL,
                PRIMARY KEY (name, version));
            CREATE TABLE rules_activations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL REFERENCES rules_rules (name) ON DELETE CASCADE,
                version INTEGER NULL,
                actor TEXT NOT NULL,
                reason TEXT NULL,
                at INTEGER NOT NULL);
            """,
            """
            CREATE TABLE rules_rules (
                name TEXT NOT NULL PRIMARY KEY,
                active_version INTEGER NULL,
                created_at BIGINT NOT NULL);
            CREATE TABLE rules_versions (
                name TEXT NOT NULL REFERENCES rules_rules (name) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                source TEXT NOT NULL,
                sample_facts TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                created_by TEXT NOT NULL,
                disabled_at BIGINT NULL,
                disabled_reason TEXT NULL,
                PRIMARY KEY (name, version));
            CREATE TABLE rules_activations (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name TEXT NOT NULL REFERENCES rules_rules (name) ON DELETE CASCADE,
                version INTEGER NULL,
                actor TEXT NOT NULL,
                reason TEXT NULL,
                at BIGINT NOT NULL);
            """),
    ];
}
