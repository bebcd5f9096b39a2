using System.Buffers.Binary;
using Dapper;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Storage;

/// <summary>
/// <see cref="IResumeStore"/> over the <c>resume_data</c> table, keyed by transfer id. It does not require
/// the transfer's row in <c>torrents</c> (a handler may save before the host records it);
/// <see cref="TorrentRepository.DeleteAsync"/> removes both.
/// Per-file states are packed as 24 little-endian bytes each (length, last write ticks, bytes completed):
/// resume data is saved often and a torrent can have tens of thousands of files.
/// </summary>
public sealed class DbResumeStore : IResumeStore
{
    /// <summary>The most files one transfer's resume data may list.</summary>
    public const int MaxFiles = 1_000_000;

    private const int FileStateSize = 24;

    private readonly IDbConnectionFactory _factory;

    /// <summary>Creates the store.</summary>
    /// <param name="factory">The database.</param>
    public DbResumeStore(IDbConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
    }

    /// <inheritdoc />
    public Task<ResumeData?> LoadAsync(string transferId, CancellationToken cancellationToken = default)
    {
        ValidateId(transferId);
        return _factory.WithConnectionAsync<ResumeData?>(
            async (connection, token) =>
            {
                await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                    "SELECT verified_pieces, file_states, saved_at FROM resume_data WHERE transfer_id = @Id",
                    new { Id = transferId },
                    cancellationToken: token));
                if (!await reader.ReadAsync(token))
                {
                    return null;
                }

                return new ResumeData(
                    transferId,
                    reader.GetFieldValue<byte[]>(0),
                    Unpack(transferId, reader.GetFieldValue<byte[]>(1)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task SaveAsync(ResumeData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ValidateId(data.TransferId);
        ArgumentNullException.ThrowIfNull(data.VerifiedPieces, "data.VerifiedPieces");
        ArgumentNullException.ThrowIfNull(data.Files, "data.Files");
        var parameters = new
        {
            Id = data.TransferId,
            Pieces = data.VerifiedPieces,
            Files = Pack(data.Files),
            SavedAt = data.SavedAt.ToUnixTimeMilliseconds(),
        };
        await _factory.WithWriteConnectionAsync(
            (connection, token) => connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO resume_data (transfer_id, verified_pieces, file_states, saved_at) VALUES (@Id, @Pieces, @Files, @SavedAt)
                ON CONFLICT (transfer_id) DO UPDATE SET verified_pieces = excluded.verified_pieces,
                    file_states = excluded.file_states, saved_at = excluded.saved_at
                """,
                parameters,
                cancellationToken: token)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string transferId, CancellationToken cancellationToken = default)
    {
        ValidateId(transferId);
        return _factory.WithWriteConnectionAsync(
            (connection, token) => connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM resume_data WHERE transfer_id = @Id", new { Id = transferId }, cancellationToken: token)),
            cancellationToken);
    }

    private static void ValidateId(string transferId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transferId);
        if (transferId.Length > TorrentRepository.MaxIdLength)
        {
            throw new ArgumentException($"The transfer id is {transferId.Length} characters long; at most {TorrentRepository.MaxIdLength} are allowed.", nameof(transferId));
        }
    }

    private static byte[] Pack(IReadOnlyList<ResumeFileState> files)
    {
        if (files.Count > MaxFiles)
        {
            throw new ArgumentException($"Resume data lists {files.Count} files; at most {MaxFiles} are allowed.", nameof(files));
        }

        var packed = new byte[files.Count * FileStateSize];
        var span = packed.AsSpan();
        for (var index = 0; index < files.Count; index++)
        {
            var file = files[index] ?? throw new ArgumentException($"File state {index} is null.", nameof(files));
            var slot = span.Slice(index * FileStateSize, FileStateSize);
            BinaryPrimitives.WriteInt64LittleEndian(slot, file.Length);
            BinaryPrimitives.WriteInt64LittleEndian(slot[8..], file.LastWriteUtcTicks);
            BinaryPrimitives.WriteInt64LittleEndian(slot[16..], file.BytesCompleted);
        }

        return packed;
    }

    private static ResumeFileState[] Unpack(string transferId, byte[] packed)
    {
        if (packed.Length % FileStateSize != 0)
        {
            throw new InvalidDataException(
                $"The stored file states of transfer '{transferId}' are {packed.Length} bytes long, not a multiple of {FileStateSize}; the resume data is corrupt.");
        }

        var files = new ResumeFileState[packed.Length / FileStateSize];
        ReadOnlySpan<byte> span = packed;
        for (var index = 0; index < files.Length; index++)
        {
            var slot = span.Slice(index * FileStateSize, FileStateSize);
            files[index] = new ResumeFileState(
                BinaryPrimitives.ReadInt64LittleEndian(slot),
                BinaryPrimitives.ReadInt64LittleEndian(slot[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(slot[16..]));
        }

        return files;
    }
}
