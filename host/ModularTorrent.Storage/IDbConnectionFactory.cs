using System.Data.Common;

namespace ModularTorrent.Storage;

/// <summary>Opens connections to the configured database. The only way any code reaches the database.</summary>
public interface IDbConnectionFactory
{
    /// <summary>Which engine the connections go to, so callers can pick dialect-specific SQL.</summary>
    StorageProvider Provider { get; }

    /// <summary>Opens a new connection, configured for this provider (pragmas, timeouts). The caller disposes it.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);
}
