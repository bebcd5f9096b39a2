using System.Data.Common;
using Dapper;
using ModularTorrent.Storage;

namespace ModularTorrent.Bsv.Wallet;

/// <summary>
/// The wallet's SQL (identical on SQLite and PostgreSQL). Every statement goes through <see cref="DbRetry"/>, so
/// lock conflicts under concurrency are retried, never surfaced. Reservation is a conditional UPDATE, which is what
/// makes two concurrent payments unable to take the same output.
/// </summary>
internal sealed class WalletStore
{
    private const string OutputColumns = "txid AS TxId, vout AS Vout, satoshis AS Satoshis, locking_script AS LockingScript, counterparty AS Counterparty, invoice AS Invoice";
    private readonly IDbConnectionFactory _db;

    public WalletStore(IDbConnectionFactory db)
    {
        _db = db;
    }

    public Task<byte[]?> GetRootKeyAsync(CancellationToken ct) =>
        _db.WithConnectionAsync((c, t) => c.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition("SELECT encrypted_key FROM wallet_root_key WHERE id = 1", cancellationToken: t)), ct);

    public Task InsertRootKeyAsync(byte[] blob, string identityKey, long now, CancellationToken ct) =>
        _db.WithConnectionAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO wallet_root_key (id, encrypted_key, identity_key, created_at) VALUES (1, @blob, @identityKey, @now) ON CONFLICT (id) DO NOTHING",
                new { blob, identityKey, now },
                cancellationToken: t)),
            ct);

    public Task AddReceiveKeyAsync(byte[] script, string counterparty, string invoice, long now, CancellationToken ct) =>
        _db.WithConnectionAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO wallet_receive_keys (locking_script, counterparty, invoice, created_at) VALUES (@script, @counterparty, @invoice, @now) ON CONFLICT (locking_script) DO NOTHING",
                new { script, counterparty, invoice, now },
                cancellationToken: t)),
            ct);

    public Task<ReceiveKeyRow?> FindReceiveKeyAsync(byte[] script, CancellationToken ct) =>
        _db.WithConnectionAsync(
            (c, t) => c.QuerySingleOrDefaultAsync<ReceiveKeyRow?>(new CommandDefinition(
                "SELECT counterparty AS Counterparty, invoice AS Invoice FROM wallet_receive_keys WHERE locking_script = @script",
                new { script },
                cancellationToken: t)),
            ct);

    public static Task SaveTransactionAsync(DbConnection c, DbTransaction tx, string txid, byte[] raw, byte[]? merklePath, byte[]? beef, long now, CancellationToken t) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO wallet_transactions (txid, raw_tx, merkle_path, beef, created_at) VALUES (@txid, @raw, @merklePath, @beef, @now)
            ON CONFLICT (txid) DO UPDATE SET
                merkle_path = COALESCE(excluded.merkle_path, wallet_transactions.merkle_path),
                beef = CASE WHEN COALESCE(excluded.merkle_path, wallet_transactions.merkle_path) IS NULL THEN COALESCE(excluded.beef, wallet_transactions.beef) ELSE NULL END
            """,
            new { txid, raw, merklePath, beef = merklePath is null ? beef : null, now },
            tx,
            cancellationToken: t));

    public static async Task<bool> AddOutputAsync(DbConnection c, DbTransaction tx, OutputRow o, long now, CancellationToken t) =>
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO wallet_outputs (txid, vout, satoshis, locking_script, counterparty, invoice, created_at)
            VALUES (@TxId, @Vout, @Satoshis, @LockingScript, @Counterparty, @Invoice, @now)
            ON CONFLICT (txid, vout) DO NOTHING
            """,
            new { o.TxId, o.Vout, o.Satoshis, o.LockingScript, o.Counterparty, o.Invoice, now },
            tx,
            cancellationToken: t)) == 1;

    public Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct) =>
        _db.InTransactionAsync(work, ct);

    public async Task<IReadOnlyList<OutputRow>> ListSpendableAsync(CancellationToken ct) =>
        (await _db.WithConnectionAsync(
            (c, t) => c.QueryAsync<OutputRow>(new CommandDefinition(
                $"SELECT {OutputColumns} FROM wallet_outputs WHERE spent_by IS NULL AND reserved_by IS NULL ORDER BY satoshis DESC, txid, vout",
                cancellationToken: t)),
            ct)).AsList();

    public async Task<IReadOnlyList<OutputRow>> ListReservedAsync(string reservation, CancellationToken ct) =>
        (await _db.WithConnectionAsync(
            (c, t) => c.QueryAsync<OutputRow>(new CommandDefinition(
                $"SELECT {OutputColumns} FROM wallet_outputs WHERE reserved_by = @reservation AND spent_by IS NULL ORDER BY txid, vout",
                new { reservation },
                cancellationToken: t)),
            ct)).AsList();

    /// <summary>Takes the output for <paramref name="reservation"/> only if nobody holds or spent it: the row lock decides races.</summary>
    public async Task<bool> TryReserveAsync(string txid, long vout, string reservation, long now, CancellationToken ct) =>
        await _db.WithConnectionAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "UPDATE wallet_outputs SET reserved_by = @reservation, reserved_at = @now WHERE txid = @txid AND vout = @vout AND reserved_by IS NULL AND spent_by IS NULL",
                new { txid, vout, reservation, now },
                cancellationToken: t)),
            ct) == 1;

    public Task<int> ReleaseAsync(string reservation, CancellationToken ct) =>
        _db.WithConnectionAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "UPDATE wallet_outputs SET reserved_by = NULL, reserved_at = NULL WHERE reserved_by = @reservation AND spent_by IS NULL",
                new { reservation },
                cancellationToken: t)),
            ct);

    public Task<int> ReleaseStaleAsync(long cutoff, CancellationToken ct) =>
        _db.WithConnectionAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "UPDATE wallet_outputs SET reserved_by = NULL, reserved_at = NULL WHERE reserved_by IS NOT NULL AND spent_by IS NULL AND reserved_at < @cutoff",
                new { cutoff },
                cancellationToken: t)),
            ct);

    public static Task<int> MarkSpentAsync(DbConnection c, DbTransaction tx, string reservation, string spendingTxId, CancellationToken t) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE wallet_outputs SET spent_by = @spendingTxId, reserved_by = NULL, reserved_at = NULL WHERE reserved_by = @reservation AND spent_by IS NULL",
            new { reservation, spendingTxId },
            tx,
            cancellationToken: t));

    public Task<TransactionRow?> GetTransactionAsync(string txid, CancellationToken ct) =>
        _db.WithConnectionAsync(
            (c, t) => c.QuerySingleOrDefaultAsync<TransactionRow?>(new CommandDefinition(
                "SELECT raw_tx AS RawTx, merkle_path AS MerklePath, beef AS Beef FROM wallet_transactions WHERE txid = @txid",
                new { txid },
                cancellationToken: t)),
            ct);

    public Task<BalanceRow> GetBalanceAsync(CancellationToken ct) =>
        _db.WithConnectionAsync(
            (c, t) => c.QuerySingleAsync<BalanceRow>(new CommandDefinition(
                """
                SELECT
                    CAST(COALESCE(SUM(CASE WHEN reserved_by IS NULL THEN satoshis ELSE 0 END), 0) AS BIGINT) AS Spendable,
                    CAST(COALESCE(SUM(CASE WHEN reserved_by IS NOT NULL THEN satoshis ELSE 0 END), 0) AS BIGINT) AS Reserved,
                    CAST(COALESCE(SUM(CASE WHEN reserved_by IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS SpendableCount
                FROM wallet_outputs WHERE spent_by IS NULL
                """,
                cancellationToken: t)),
            ct);

    internal sealed class ReceiveKeyRow
    {
        public string Counterparty { get; set; } = string.Empty;

        public string Invoice { get; set; } = string.Empty;
    }

    internal sealed class OutputRow
    {
        public string TxId { get; set; } = string.Empty;

        public long Vout { get; set; }

        public long Satoshis { get; set; }

        public byte[] LockingScript { get; set; } = [];

        public string Counterparty { get; set; } = string.Empty;

        public string Invoice { get; set; } = string.Empty;
    }

    internal sealed class TransactionRow
    {
        public byte[] RawTx { get; set; } = [];

        public byte[]? MerklePath { get; set; }

        public byte[]? Beef { get; set; }
    }

    internal sealed class BalanceRow
    {
        public long Spendable { get; set; }

        public long Reserved { get; set; }

        public long SpendableCount { get; set; }
    }
}
