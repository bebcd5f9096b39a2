using BenchmarkDotNet.Attributes;
using ModularTorrent.Arc.Api;
using ModularTorrent.Arc.Queueing;
using ModularTorrent.Arc.Resilience;

namespace ModularTorrent.Arc.Benchmarks;

/// <summary>The per-transaction work of the client: body encoding, answer parsing, queueing, rate limiting.</summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private ArcTransaction _tx = null!;
    private List<ArcTransaction> _batch = null!;
    private byte[] _batchAnswer = null!;
    private byte[] _singleAnswer = null!;
    private PriorityTxQueue<int> _queue = null!;
    private TokenBucketRateLimiter _limiter = null!;
    private readonly List<int> _taken = new(128);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        ArcTransaction Make()
        {
            var raw = new byte[250]; // a typical 1-in 2-out P2PKH is ~226 bytes
            random.NextBytes(raw);
            return ArcTransaction.FromRaw(raw);
        }

        _tx = Make();
        _batch = Enumerable.Range(0, 100).Select(_ => Make()).ToList();
        _singleAnswer = System.Text.Encoding.UTF8.GetBytes(Answer(_tx.Txid));
        _batchAnswer = System.Text.Encoding.UTF8.GetBytes("[" + string.Join(',', _batch.Select(t => Answer(t.Txid))) + "]");
        _queue = new PriorityTxQueue<int>();
        _limiter = new TokenBucketRateLimiter(TimeProvider.System, 1e12, int.MaxValue);
    }

    [GlobalCleanup]
    public void Cleanup() => _queue.Dispose();

    [Benchmark(Description = "txid of a 250-byte tx")]
    public string Txid() => ArcTransaction.ComputeTxid(_tx.Payload.Span);

    [Benchmark(Description = "encode /v1/tx body")]
    public int EncodeSingle()
    {
        using var body = RawTxBody.Single(_tx.Payload.Span);
        return body.Bytes.Length;
    }

    [Benchmark(Description = "encode /v1/txs body, 100 txs")]
    public int EncodeBatch()
    {
        using var body = RawTxBody.Many(_batch);
        return body.Bytes.Length;
    }

    [Benchmark(Description = "parse /v1/tx answer")]
    public int ParseSingle() => ArcApiClient.ParseItems(_singleAnswer).Count;

    [Benchmark(Description = "parse /v1/txs answer, 100 txs")]
    public int ParseBatch() => ArcApiClient.ParseItems(_batchAnswer).Count;

    [Benchmark(Description = "queue: 100 enqueues + reserve + take")]
    public int QueueCycle()
    {
        for (var i = 0; i < 100; i++)
        {
            _queue.Enqueue(i, (ArcPriority)(i & 3));
        }

        var reserved = _queue.TryReserve(100);
        _taken.Clear();
        _queue.Take(reserved, _taken);
        return _taken.Count;
    }

    [Benchmark(Description = "token bucket take")]
    public int BucketTake() => _limiter.TryTake(100, out _);

    private static string Answer(string txid) =>
        $$"""{"blockHash":"","blockHeight":0,"extraInfo":"","status":200,"timestamp":"2023-03-09T12:03:48.382910514Z","title":"OK","txStatus":"SEEN_ON_NETWORK","txid":"{{txid}}","merklePath":""}""";
}
