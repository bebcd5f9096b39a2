using Dapper;
using ModularTorrent.Storage;

namespace ModularTorrent.Arc.Outbox;

/// <summary>The outbox in the host's database (SQLite or PostgreSQL) through <see cref="IDbConnectionFactory"/>; needs <see cref="ArcMigrations"/> applied.</summary>
public sealed class SqlArcOutbox : IArcOutbox
{
    private const string Columns = "txid AS Txid, payload AS Payload, priority AS Priority, state AS State, tx_status AS TxStatus, error AS Error";
    private readonly IDbConnectionFactory _connections;
    private readonly TimeProvider _time;
    private readonly Lock _addGate = new();
    private List<PendingAdd> _adds = [];
    private bool _writerRunning;

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
    /// <remarks>
    /// Adds that arrive while a write is under way are committed together in the next transaction
    /// (group commit): each caller still returns only once its row is durable, but many callers share
    /// one fsync. Cancelling stops the wait, not a write already started.
    /// </remarks>
    public Task<bool> AddAsync(OutboxEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var pending = new PendingAdd(entry, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool startWriter;
        lock (_addGate)
        {
            _adds.Add(pending);
            startWriter = !_writerRunning;
            _writerRunning = true;
        }

        if (startWriter)
        {
            _ = Task.Run(WriteAddsAsync, CancellationToken.None);
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> PruneAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken = default)
    {
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM arc_outbox WHERE state IN (@Completed, @Failed) AND updated_ms < @Before",
                new { Completed = (int)OutboxState.Completed, Failed = (int)OutboxState.Failed, Before = updatedBefore.ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task WriteAddsAsync()
    {
        while (true)
        {
            List<PendingAdd> batch;
            lock (_addGate)
            {
                if (_adds.Count == 0)
                {
                    _writerRunning = false;
                    return;
                }

                batch = _adds;
                _adds = [];
            }

            try
            {
                var inserted = await InsertAsync(batch).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(inserted[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var add in batch)
                {
                    add.Completion.TrySetException(e);
                }
            }
        }
    }

    private async Task<bool[]> InsertAsync(List<PendingAdd> batch)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var inserted = new bool[batch.Count];
        var connection = await _connections.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var entry = batch[i].Entry;
                    inserted[i] = await connection.ExecuteAsync(new CommandDefinition(
                        """
                        INSERT INTO arc_outbox (txid, payload, priority, state, tx_status, error, created_ms, updated_ms)
                        VALUES (@Txid, @Payload, @Priority, @State, @TxStatus, @Error, @Now, @Now)
                        ON CONFLICT (txid) DO NOTHING
                        """,
                        new { entry.Txid, entry.Payload, Priority = (int)entry.Priority, State = (int)entry.State, entry.TxStatus, entry.Error, Now = now },
                        transaction)).ConfigureAwait(false) == 1;
                }

                await transaction.CommitAsync().ConfigureAwait(false);
            }
        }

        return inserted;
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

    private sealed record PendingAdd(OutboxEntry Entry, TaskCompletionSource<bool> Completion);
}
