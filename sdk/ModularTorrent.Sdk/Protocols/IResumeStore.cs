namespace ModularTorrent.Sdk.Protocols;

/// <summary>Durable per-transfer resume data, backed by the host's database.</summary>
public interface IResumeStore
{
    /// <summary>Reads the resume data of a transfer, or <see langword="null"/>.</summary>
    /// <param name="transferId">The transfer id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<ResumeData?> LoadAsync(string transferId, CancellationToken cancellationToken = default);

    /// <summary>Saves resume data, replacing the previous one; durable when the task completes.</summary>
    /// <param name="data">The data.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task SaveAsync(ResumeData data, CancellationToken cancellationToken = default);

    /// <summary>Deletes a transfer's resume data.</summary>
    /// <param name="transferId">The transfer id.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    Task DeleteAsync(string transferId, CancellationToken cancellationToken = default);
}
