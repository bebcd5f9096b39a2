using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Protocols;
using Xunit;

namespace ModularTorrent.Selection.Tests;

/// <summary>The policies sit on the engine's hot path: a pick must not allocate.</summary>
public sealed class AllocationTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { "rarest-first", 16 },
        { "sequential", 16 },
        { "priority", 16 },
        { "rarest-first", 256 },
        { "priority", 1024 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Selecting_from_100k_pieces_allocates_nothing(string name, int slots)
    {
        IPieceSelectionPolicy policy = name switch
        {
            "rarest-first" => new RarestFirstPolicy(),
            "sequential" => new SequentialPolicy(),
            _ => new PriorityPolicy(),
        };
        var s = new Scenario(100_000) { Seed = 42 };
        for (var i = 0; i < s.PieceCount; i++)
        {
            s.Availability[i] = i % 17;
            s.Have[i] = i % 5 == 0;
            s.Partial[i] = i % 97 == 0;
            s.Priorities[i] = (byte)(i % 11 == 0 ? FilePriority.High : FilePriority.Normal);
        }

        var encoded = s.Encode();
        var destination = new int[slots];

        // Warm up: JIT and the array pool's per-thread cache are one-time costs.
        for (var i = 0; i < 3; i++)
        {
            encoded.Select(policy, destination);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0;
        for (var i = 0; i < 200; i++)
        {
            total += encoded.Select(policy, destination);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(200 * slots, total);
        Assert.Equal(0, allocated);
    }
}
