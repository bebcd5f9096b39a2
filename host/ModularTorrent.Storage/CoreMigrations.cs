namespace ModularTorrent.Storage;

/// <summary>
/// The host's own tables (module <c>core</c>): torrents, their resume data, plugin state and the
/// per-plugin key/value store. Times are stored as Unix milliseconds (UTC) in a 64-bit integer, the
/// one time type both engines store and compare identically.
/// </summary>
public sealed class CoreMigrations : IMigrationSource
{
    /// <summary>The module name.</summary>
    public const string Module = "core";

    private static readonly Migration[] All =
    [
        new(
            Module,
            1,
            "create torrents",
            """
            CREATE TABLE torrents (
                id TEXT NOT NULL PRIMARY KEY,
                info_hash TEXT NULL UNIQUE,
                name TEXT NOT NULL,
                source_uri TEXT NULL,
                metainfo BLOB NULL,
                save_path TEXT NOT NULL,
                state INTEGER NOT NULL,
                selection_policy TEXT NULL,
                payment_strategy TEXT NULL,
                download_limit INTEGER NOT NULL DEFAULT 0,
                upload_limit INTEGER NOT NULL DEFAULT 0,
                added_at INTEGER NOT NULL,
                completed_at INTEGER NULL,
                CHECK (source_uri IS NOT NULL OR metainfo IS NOT NULL),
                CHECK (download_limit >= 0 AND upload_limit >= 0));
            CREATE INDEX ix_torrents_added_at ON torrents (added_at);
            """,
            """
            CREATE TABLE torrents (
                id TEXT NOT NULL PRIMARY KEY,
                info_hash TEXT NULL UNIQUE,
                name TEXT NOT NULL,
                source_uri TEXT NULL,
                metainfo BYTEA NULL,
                save_path TEXT NOT NULL,
                state INTEGER NOT NULL,
                selection_policy TEXT NULL,
                payment_strategy TEXT NULL,
                download_limit BIGINT NOT NULL DEFAULT 0,
                upload_limit BIGINT NOT NULL DEFAULT 0,
                added_at BIGINT NOT NULL,
                completed_at BIGINT NULL,
                CHECK (source_uri IS NOT NULL OR metainfo IS NOT NULL),
                CHECK (download_limit >= 0 AND upload_limit >= 0));
            CREATE INDEX ix_torrents_added_at ON torrents (added_at);
            """),
        new(
            Module,
            2,
            "create resume_data",
            """
            CREATE TABLE resume_data (
                transfer_id TEXT NOT NULL PRIMARY KEY REFERENCES torrents (id) ON DELETE CASCADE,
                verified_pieces BLOB NOT NULL,
                file_states BLOB NOT NULL,
                saved_at INTEGER NOT NULL);
            """,
            """
            CREATE TABLE resume_data (
                transfer_id TEXT NOT NULL PRIMARY KEY REFERENCES torrents (id) ON DELETE CASCADE,
                verified_pieces BYTEA NOT NULL,
                file_states BYTEA NOT NULL,
                saved_at BIGINT NOT NULL);
            """),
        new(
            Module,
            3,
            "create plugin_state",
            """
            CREATE TABLE plugin_state (
                plugin_id TEXT NOT NULL PRIMARY KEY,
                enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
                configuration TEXT NOT NULL,
                updated_at INTEGER NOT NULL);
            """,
            """
            CREATE TABLE plugin_state (
                plugin_id TEXT NOT NULL PRIMARY KEY,
                enabled BOOLEAN NOT NULL,
                configuration TEXT NOT NULL,
                updated_at BIGINT NOT NULL);
            """),
        new(
            Module,
            4,
            "create plugin_kv",
            """
            CREATE TABLE plugin_kv (
                plugin_id TEXT NOT NULL,
                key TEXT NOT NULL,
                value BLOB NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (plugin_id, key));
            """,
            """
            CREATE TABLE plugin_kv (
                plugin_id TEXT NOT NULL,
                key TEXT COLLATE "C" NOT NULL,
                value BYTEA NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (plugin_id, key));
            """),
        new(
            Module,
            5,
            "resume_data without foreign key",
            // Plugins may save resume data as soon as their transfer starts, before the host has recorded
            // the torrent; the SDK promises a durable save, not an ordering error. TorrentRepository.DeleteAsync
            // removes a torrent's resume data itself. SQLite cannot drop a constraint: rebuild the table.
            """
            CREATE TABLE resume_data_new (
                transfer_id TEXT NOT NULL PRIMARY KEY,
                verified_pieces BLOB NOT NULL,
                file_states BLOB NOT NULL,
                saved_at INTEGER NOT NULL);
            INSERT INTO resume_data_new (transfer_id, verified_pieces, file_states, saved_at)
                SELECT transfer_id, verified_pieces, file_states, saved_at FROM resume_data;
            DROP TABLE resume_data;
            ALTER TABLE resume_data_new RENAME TO resume_data;
            """,
            """
            ALTER TABLE resume_data DROP CONSTRAINT IF EXISTS resume_data_transfer_id_fkey;
            """),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Migration> GetMigrations() => All;
}
