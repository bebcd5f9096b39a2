using Dapper;
using ModularTorrent.Storage;

namespace ModularTorrent.Arc.Outbox;

/// <summary>The outbox in the host's database (SQLite or PostgreSQL) through <see cref="IDbConnectionFactory"/>; needs <see cref="ArcMigrations"/> applied.</summary>
public sealed class SqlArcOutbox : IArcOutbox
{
    private const string Columns = "txid AS Txid, payload AS Payload, priority AS Priority, state AS State, tx_status AS TxStatus, error AS Error";
    private readonly IDbConnectionFactory _connections;
    private readonly TimeProvider _time;

    /// <summary>Creates the outbox.</summary>
    /// <param name="connections">The database.</param>
    /// <param name="time">The clock for the time columns.</param>
    public SqlArcOutbox(IDbConnectionFactory connections, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<bool> AddAsync(OutboxEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO arc_outbox (txid, payload, priority, state, tx_status, error, created_ms, updated_ms)
                VALUES (@Txid, @Payload, @Priority, @State, @TxStatus, @Error, @Now, @Now)
                ON CONFLICT (txid) DO NOTHING
                """,
                new { entry.Txid, entry.Payload, Priority = (int)entry.Priority, State = (int)entry.State, entry.TxStatus, entry.Error, Now = now },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows == 1;
        }
    }

    /// <inheritdoc />
    public async Task UpdateAsync(IReadOnlyList<OutboxUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE arc_outbox SET state = @State, tx_status = @TxStatus, error = @Error, updated_ms = @Now WHERE txid = @Txid",
                    updates.Select(u => new { u.Txid, State = (int)u.State, u.TxStatus, u.Error, Now = now }),
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState state, CancellationToken cancellationToken = default)
    {
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM arc_outbox WHERE state = @State ORDER BY priority DESC, id",
                new { State = (int)state },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.Select(r => r.ToEntry()).ToList();
        }
    }

    /// <inheritdoc />
    public async Task<OutboxEntry?> GetAsync(string txid, CancellationToken cancellationToken = default)
    {
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM arc_outbox WHERE txid = @Txid",
                new { Txid = txid },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToEntry();
        }
    }

    // Dapper maps columns to this class; integer widths differ between SQLite (Int64) and PostgreSQL (Int32).
    private sealed class Row
    {
        public string Txid { get; set; } = "";

        public byte[] Payload { get; set; } = [];

        public long Priority { get; set; }

        public long State { get; set; }

        public string? TxStatus { get; set; }

        public string? Error { get; set; }

        public OutboxEntry ToEntry() => new(Txid, Payload, (ArcPriority)Priority, (OutboxState)State, TxStatus, Error);
    }
}
