using BenchmarkDotNet.Attributes;
using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Selection.Benchmarks;

/// <summary>
/// One pick of 16 pieces for one peer, as the engine makes it each time a peer's request queue runs low.
/// The torrent is mid-download: a third of pieces verified, a few started, a few fully requested,
/// one file skipped, a tenth at high priority, availability spread over 0-49 peers.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
public class SelectionBenchmarks
{
    private readonly IPieceSelectionPolicy _rarest = new RarestFirstPolicy();
    private readonly IPieceSelectionPolicy _sequential = new SequentialPolicy();
    private readonly IPieceSelectionPolicy _priority = new PriorityPolicy();
    private readonly int[] _destination = new int[16];
    private byte[] _have = [];
    private byte[] _peerHas = [];
    private byte[] _requested = [];
    private byte[] _partial = [];
    private int[] _availability = [];
    private byte[] _priorities = [];
    private int _seed;

    [Params(10_000, 100_000)]
    public int Pieces { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12345);
        var bytes = ReadOnlyBitfield.ByteLength(Pieces);
        _have = new byte[bytes];
        _peerHas = new byte[bytes];
        _requested = new byte[bytes];
        _partial = new byte[bytes];
        _availability = new int[Pieces];
        _priorities = new byte[Pieces];
        for (var i = 0; i < Pieces; i++)
        {
            Set(_have, i, random.Next(3) == 0);
            Set(_peerHas, i, random.Next(10) < 8);
            Set(_requested, i, random.Next(50) == 0);
            Set(_partial, i, random.Next(100) == 0);
            _availability[i] = random.Next(50);
            _priorities[i] = (byte)(i < Pieces / 20 ? FilePriority.Skip : random.Next(10) == 0 ? FilePriority.High : FilePriority.Normal);
        }
    }

    [Benchmark(Baseline = true)]
    public int RarestFirst() => Pick(_rarest);

    [Benchmark]
    public int Sequential() => Pick(_sequential);

    [Benchmark]
    public int Priority() => Pick(_priority);

    private int Pick(IPieceSelectionPolicy policy)
    {
        var context = new PieceSelectionContext(
            new ReadOnlyBitfield(_have, Pieces),
            new ReadOnlyBitfield(_peerHas, Pieces),
            new ReadOnlyBitfield(_requested, Pieces),
            new ReadOnlyBitfield(_partial, Pieces),
            _availability,
            _priorities,
            ++_seed);
        return policy.SelectPieces(context, _destination);
    }

    private static void Set(byte[] bits, int index, bool value)
    {
        if (value)
        {
            bits[index >> 3] |= (byte)(0x80 >> (index & 7));
        }
    }
}
