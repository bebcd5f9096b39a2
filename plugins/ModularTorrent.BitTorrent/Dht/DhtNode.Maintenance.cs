namespace ModularTorrent.BitTorrent.Dht;

/// <summary>Periodic upkeep: expire stored peers, ping questionable nodes, refresh idle buckets.</summary>
public sealed partial class DhtNode
{
    private const int PingsPerRound = 8;
    private const int RefreshesPerRound = 2;

    private async Task MaintenanceLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_settings.MaintenanceInterval, _time, _stop.Token);
                await MaintainAsync(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log($"DHT maintenance failed: {ex.Message}");
            }
        }
    }

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        _store.Expire();
        var now = _time.GetUtcNow();
        List<DhtContact> questionable;
        List<NodeId> refresh;
        lock (_gate)
        {
            questionable = [.. _table.Questionable(now).OrderBy(c => c.LastSeen).Take(PingsPerRound)];
            refresh = [.. _table.IdleBuckets(now - _settings.BucketRefreshInterval).Take(RefreshesPerRound).Select(_table.RandomIdInBucket)];
        }

        var own = Id;
        await Task.WhenAll(questionable.Select(c => QueryAsync(c.EndPoint, t => KrpcWriter.Ping(t, own), c.Id, cancellationToken)));
        foreach (var target in refresh)
        {
            if (NodeCount == 0)
            {
                break;
            }

            await LookupAsync(target, getPeers: false, cancellationToken);
        }
    }
}
