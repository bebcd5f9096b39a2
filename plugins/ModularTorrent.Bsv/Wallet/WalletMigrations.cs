using ModularTorrent.Storage;

namespace ModularTorrent.Bsv.Wallet;

/// <summary>The wallet's tables (module <c>wallet</c>): the encrypted root key, receive keys, transactions and outputs.</summary>
public sealed class WalletMigrations : IMigrationSource
{
    /// <summary>The module name.</summary>
    public const string Module = "wallet";

    /// <inheritdoc />
    public IReadOnlyList<Migration> GetMigrations() =>
    [
        new(
            Module,
            1,
            "create wallet tables",
            Sqlite: """
                CREATE TABLE wallet_root_key (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    encrypted_key BLOB NOT NULL,
                    identity_key TEXT NOT NULL,
                    created_at INTEGER NOT NULL);
                CREATE TABLE wallet_receive_keys (
                    locking_script BLOB PRIMARY KEY,
                    counterparty TEXT NOT NULL,
                    invoice TEXT NOT NULL,
                    created_at INTEGER NOT NULL);
                CREATE TABLE wallet_transactions (
                    txid TEXT PRIMARY KEY,
                    raw_tx BLOB NOT NULL,
                    merkle_path BLOB NULL,
                    beef BLOB NULL,
                    created_at INTEGER NOT NULL);
                CREATE TABLE wallet_outputs (
                    txid TEXT NOT NULL,
                    vout INTEGER NOT NULL,
                    satoshis INTEGER NOT NULL,
                    locking_script BLOB NOT NULL,
                    counterparty TEXT NOT NULL,
                    invoice TEXT NOT NULL,
                    reserved_by TEXT NULL,
                    reserved_at INTEGER NULL,
                    spent_by TEXT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (txid, vout));
                CREATE INDEX wallet_outputs_spendable ON wallet_outputs (spent_by, reserved_by, satoshis);
                CREATE INDEX wallet_outputs_reserved ON wallet_outputs (reserved_by);
                """,
            Postgres: """
                CREATE TABLE wallet_root_key (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    encrypted_key BYTEA NOT NULL,
                    identity_key TEXT NOT NULL,
                    created_at BIGINT NOT NULL);
                CREATE TABLE wallet_receive_keys (
                    locking_script BYTEA PRIMARY KEY,
                    counterparty TEXT NOT NULL,
                    invoice TEXT NOT NULL,
                    created_at BIGINT NOT NULL);
                CREATE TABLE wallet_transactions (
                    txid TEXT PRIMARY KEY,
                    raw_tx BYTEA NOT NULL,
                    merkle_path BYTEA NULL,
                    beef BYTEA NULL,
                    created_at BIGINT NOT NULL);
                CREATE TABLE wallet_outputs (
                    txid TEXT NOT NULL,
                    vout BIGINT NOT NULL,
                    satoshis BIGINT NOT NULL,
                    locking_script BYTEA NOT NULL,
                    counterparty TEXT NOT NULL,
                    invoice TEXT NOT NULL,
                    reserved_by TEXT NULL,
                    reserved_at BIGINT NULL,
                    spent_by TEXT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (txid, vout));
                CREATE INDEX wallet_outputs_spendable ON wallet_outputs (spent_by, reserved_by, satoshis);
                CREATE INDEX wallet_outputs_reserved ON wallet_outputs (reserved_by);
                """),
    ];
}
