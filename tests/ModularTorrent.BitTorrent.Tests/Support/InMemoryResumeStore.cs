using System.Collections.Concurrent;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Support;

public sealed class InMemoryResumeStore : IResumeStore
{
    private readonly ConcurrentDictionary<string, ResumeData> _data = new();

    public int Saves;

    public Task<ResumeData?> LoadAsync(string transferId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_data.GetValueOrDefault(transferId));

    public Task SaveAsync(ResumeData data, CancellationToken cancellationToken = default)
    {
        _data[data.TransferId] = data with { VerifiedPieces = (byte[])data.VerifiedPieces.Clone() };
        Interlocked.Increment(ref Saves);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string transferId, CancellationToken cancellationToken = default)
    {
        _data.TryRemove(transferId, out _);
        return Task.CompletedTask;
    }
}
