using System.Data.Common;
using System.Globalization;
using Dapper;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Storage;

/// <summary>Reads and writes the <c>torrents</c> table. Every call retries lock conflicts (<see cref="DbRetry"/>).</summary>
public sealed class TorrentRepository
{
    /// <summary>The longest transfer id accepted.</summary>
    public const int MaxIdLength = 200;

    private const string Columns =
        "id, info_hash, name, source_uri, metainfo, save_path, state, selection_policy, payment_strategy, download_limit, upload_limit, added_at, completed_at";

    private readonly IDbConnectionFactory _factory;

    /// <summary>Creates the repository.</summary>
    /// <param name="factory">The database.</param>
    public TorrentRepository(IDbConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
    }

    /// <summary>Adds a torrent; returns <see langword="false"/> when its id or info-hash is already stored.</summary>
    /// <param name="torrent">The torrent.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentException">A field is invalid; the message names it.</exception>
    public Task<bool> AddAsync(TorrentRecord torrent, CancellationToken cancellationToken = default)
    {
        var parameters = ToParameters(torrent);
        return _factory.WithWriteConnectionAsync(
            async (connection, token) => await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO torrents ({Columns})
                VALUES (@Id, @InfoHash, @Name, @SourceUri, @Metainfo, @SavePath, @State, @SelectionPolicy, @PaymentStrategy, @DownloadLimit, @UploadLimit, @AddedAt, @CompletedAt)
                ON CONFLICT DO NOTHING
                """,
                parameters,
                cancellationToken: token)) == 1,
            cancellationToken);
    }

    /// <summary>Replaces every stored field of an existing torrent; returns <see langword="false"/> when it is not stored.</summary>
    /// <param name="torrent">The torrent with its new values.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentException">A field is invalid; the message names it.</exception>
    public Task<bool> UpdateAsync(TorrentRecord torrent, CancellationToken cancellationToken = default)
    {
        var parameters = ToParameters(torrent);
        return _factory.WithWriteConnectionAsync(
            async (connection, token) => await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE torrents SET info_hash = @InfoHash, name = @Name, source_uri = @SourceUri, metainfo = @Metainfo,
                    save_path = @SavePath, state = @State, selection_policy = @SelectionPolicy, payment_strategy = @PaymentStrategy,
                    download_limit = @DownloadLimit, upload_limit = @UploadLimit, added_at = @AddedAt, completed_at = @CompletedAt
                WHERE id = @Id
                """,
                parameters,
                cancellationToken: token)) == 1,
            cancellationToken);
    }

    /// <summary>Sets a torrent's state; returns <see langword="false"/> when it is not stored.</summary>
    /// <param name="id">The transfer id.</param>
    /// <param name="state">The new state.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<bool> SetStateAsync(string id, TransferState state, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        return _factory.WithWriteConnectionAsync(
            async (connection, token) => await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE torrents SET state = @State WHERE id = @Id",
                new { Id = id, State = (int)state },
                cancellationToken: token)) == 1,
            cancellationToken);
    }

    /// <summary>Reads a torrent by id, or <see langword="null"/>.</summary>
    /// <param name="id">The transfer id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<TorrentRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        var found = await QueryAsync($"SELECT {Columns} FROM torrents WHERE id = @Id", new { Id = id }, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Reads a torrent by info-hash (hex, any case), or <see langword="null"/>.</summary>
    /// <param name="infoHash">The info-hash in hex.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<TorrentRecord?> FindByInfoHashAsync(string infoHash, CancellationToken cancellationToken = default)
    {
        var normalized = NormalizeInfoHash(infoHash) ?? throw new ArgumentException("The info-hash is required.", nameof(infoHash));
        var found = await QueryAsync($"SELECT {Columns} FROM torrents WHERE info_hash = @InfoHash", new { InfoHash = normalized }, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Lists every torrent, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<IReadOnlyList<TorrentRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM torrents ORDER BY added_at, id", null, cancellationToken);

    /// <summary>Counts the stored torrents.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        _factory.WithConnectionAsync(
            (connection, token) => connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM torrents", cancellationToken: token)),
            cancellationToken);

    /// <summary>Deletes a torrent and its resume data; returns whether the torrent existed.</summary>
    /// <param name="id">The transfer id.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        return _factory.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM resume_data WHERE transfer_id = @Id", new { Id = id }, transaction, cancellationToken: token));
                return await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM torrents WHERE id = @Id", new { Id = id }, transaction, cancellationToken: token)) == 1;
            },
            cancellationToken);
    }

    private static void ValidateId(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (id.Length > MaxIdLength)
        {
            throw new ArgumentException($"The transfer id is {id.Length} characters long; at most {MaxIdLength} are allowed.", nameof(id));
        }
    }

    private static string? NormalizeInfoHash(string? infoHash)
    {
        if (infoHash is null)
        {
            return null;
        }

        if ((infoHash.Length != 40 && infoHash.Length != 64) || !infoHash.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"The info-hash '{infoHash}' must be 40 (v1) or 64 (v2) hex digits.", nameof(infoHash));
        }

        return infoHash.ToLowerInvariant();
    }

    private static object ToParameters(TorrentRecord torrent)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ValidateId(torrent.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(torrent.Name, "torrent.Name");
        ArgumentException.ThrowIfNullOrWhiteSpace(torrent.SavePath, "torrent.SavePath");
        if (torrent.SourceUri is null && torrent.Metainfo is null)
        {
            throw new ArgumentException("A torrent needs its source URI (magnet, URL) or its metainfo bytes.", nameof(torrent));
        }

        if (!Enum.IsDefined(torrent.State))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The state {(int)torrent.State} is not a TransferState."), nameof(torrent));
        }

        var limits = torrent.Limits ?? RateLimits.None;
        if (limits.DownloadBytesPerSecond < 0 || limits.UploadBytesPerSecond < 0)
        {
            throw new ArgumentException("Rate limits cannot be negative (0 means unlimited).", nameof(torrent));
        }

        return new
        {
            torrent.Id,
            InfoHash = NormalizeInfoHash(torrent.InfoHash),
            torrent.Name,
            torrent.SourceUri,
            torrent.Metainfo,
            torrent.SavePath,
            State = (int)torrent.State,
            torrent.SelectionPolicy,
            torrent.PaymentStrategy,
            DownloadLimit = limits.DownloadBytesPerSecond,
            UploadLimit = limits.UploadBytesPerSecond,
            AddedAt = torrent.AddedAt.ToUnixTimeMilliseconds(),
            CompletedAt = torrent.CompletedAt?.ToUnixTimeMilliseconds(),
        };
    }

    private Task<IReadOnlyList<TorrentRecord>> QueryAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        _factory.WithConnectionAsync<IReadOnlyList<TorrentRecord>>(
            async (connection, token) =>
            {
                var torrents = new List<TorrentRecord>();
                await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: token));
                while (await reader.ReadAsync(token))
                {
                    torrents.Add(Read(reader));
                }

                return torrents;
            },
            cancellationToken);

    private static TorrentRecord Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        InfoHash = reader.IsDBNull(1) ? null : reader.GetString(1),
        Name = reader.GetString(2),
        SourceUri = reader.IsDBNull(3) ? null : reader.GetString(3),
        Metainfo = reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4),
        SavePath = reader.GetString(5),
        State = (TransferState)Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
        SelectionPolicy = reader.IsDBNull(7) ? null : reader.GetString(7),
        PaymentStrategy = reader.IsDBNull(8) ? null : reader.GetString(8),
        Limits = new RateLimits(reader.GetInt64(9), reader.GetInt64(10)),
        AddedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
        CompletedAt = reader.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
    };
}
