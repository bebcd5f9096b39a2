using ModularTorrent.Storage;

namespace ModularTorrent.Arc.Outbox;

/// <summary>The schema of the ARC outbox (module <c>arc</c>).</summary>
public sealed class ArcMigrations : IMigrationSource
{
    /// <summary>The module name of these migrations.</summary>
    public const string Module = "arc";

    private static readonly Migration[] All =
    [
        new(
            Module,
            1,
            "create arc_outbox",
            """
            CREATE TABLE arc_outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                txid TEXT NOT NULL UNIQUE,
                payload BLOB NOT NULL,
                priority INTEGER NOT NULL,
                state INTEGER NOT NULL,
                tx_status TEXT NULL,
                error TEXT NULL,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL
            );
            CREATE INDEX ix_arc_outbox_state ON arc_outbox (state, priority DESC, id);
            """,
            """
            CREATE TABLE arc_outbox (
                id BIGSERIAL PRIMARY KEY,
                txid TEXT NOT NULL UNIQUE,
                payload BYTEA NOT NULL,
                priority INTEGER NOT NULL,
                state INTEGER NOT NULL,
                tx_status TEXT NULL,
                error TEXT NULL,
                created_ms BIGINT NOT NULL,
                updated_ms BIGINT NOT NULL
            );
            CREATE INDEX ix_arc_outbox_state ON arc_outbox (state, priority DESC, id);
            """),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Migration> GetMigrations() => All;
}
