using FsCheck;
using FsCheck.Fluent;
using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Protocols;
using Xunit;

namespace ModularTorrent.Selection.Tests;

/// <summary>Properties every policy must keep, checked on random torrents with FsCheck.</summary>
public sealed class SelectionProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static readonly byte[] PriorityValues =
        [(byte)FilePriority.Skip, (byte)FilePriority.Low, (byte)FilePriority.Normal, (byte)FilePriority.High];

    private static Gen<bool> Bit(int oneIn) =>
        Gen.Frequency((oneIn - 1, Gen.Constant(false)), (1, Gen.Constant(true)));

    private static Arbitrary<Case> Cases { get; } = Arb.From(
        from count in Gen.Choose(1, 300)
        from have in Gen.ArrayOf(Bit(3), count)
        from peerHas in Gen.ArrayOf(Bit(2).Select(b => !b), count)
        from requested in Gen.ArrayOf(Bit(6), count)
        from partial in Gen.ArrayOf(Bit(8), count)
        from availability in Gen.ArrayOf(Gen.Choose(0, 6), count)
        from priorities in Gen.ArrayOf(Gen.Elements(PriorityValues), count)
        from seed in Gen.Choose(int.MinValue, int.MaxValue)
        from slots in Gen.Choose(0, 40)
        select new Case(count, have, peerHas, requested, partial, availability, priorities, seed, slots));

    public static TheoryData<string> Policies => ["rarest-first", "sequential", "priority"];

    private static IPieceSelectionPolicy Create(string name) => name switch
    {
        "rarest-first" => new RarestFirstPolicy(),
        "sequential" => new SequentialPolicy(),
        _ => new PriorityPolicy(),
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Only_candidates_without_duplicates_and_as_many_as_possible(string name)
    {
        var policy = Create(name);
        Check.One(Runs, Prop.ForAll(Cases, c =>
        {
            var s = c.ToScenario();
            var picked = s.Select(policy, c.Slots);
            var candidates = s.Candidates().Count;
            return picked.All(s.IsCandidate)
                && picked.Distinct().Count() == picked.Length
                && picked.Length == Math.Min(c.Slots, candidates);
        }));
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Skip_is_never_picked(string name)
    {
        var policy = Create(name);
        Check.One(Runs, Prop.ForAll(Cases, c =>
        {
            var s = c.ToScenario();
            return s.Select(policy, c.Slots).All(i => s.Priorities[i] != (byte)FilePriority.Skip);
        }));
    }

    [Fact]
    public void Priority_policy_respects_priority_order()
    {
        var policy = new PriorityPolicy();
        Check.One(Runs, Prop.ForAll(Cases, c =>
        {
            var s = c.ToScenario();
            var picked = s.Select(policy, c.Slots);
            if (picked.Length == 0)
            {
                return true;
            }

            var sortedDescending = picked.Zip(picked.Skip(1)).All(p => s.Priorities[p.First] >= s.Priorities[p.Second]);
            var lowestPicked = s.Priorities[picked[^1]];
            var noBetterLeftOut = s.Candidates().Except(picked).All(i => s.Priorities[i] <= lowestPicked);
            return sortedDescending && noBetterLeftOut;
        }));
    }

    [Fact]
    public void Rarest_first_respects_partial_then_availability_then_priority()
    {
        var policy = new RarestFirstPolicy();
        Check.One(Runs, Prop.ForAll(Cases, c =>
        {
            var s = c.ToScenario();
            var picked = s.Select(policy, c.Slots);
            if (picked.Length == 0)
            {
                return true;
            }

            (int, int, int) Rank(int i) => (s.Partial[i] ? 0 : 1, s.Availability[i], 255 - s.Priorities[i]);
            var ordered = picked.Zip(picked.Skip(1)).All(p => Rank(p.First).CompareTo(Rank(p.Second)) <= 0);
            var worst = Rank(picked[^1]);
            var noBetterLeftOut = s.Candidates().Except(picked).All(i => Rank(i).CompareTo(worst) >= 0);
            return ordered && noBetterLeftOut;
        }));
    }

    [Fact]
    public void Sequential_returns_the_lowest_candidates_in_order()
    {
        var policy = new SequentialPolicy();
        Check.One(Runs, Prop.ForAll(Cases, c =>
        {
            var s = c.ToScenario();
            return s.Select(policy, c.Slots).SequenceEqual(s.Candidates().Take(c.Slots));
        }));
    }

    [Fact]
    public void Policies_agree_on_the_candidate_set_when_asked_for_everything()
    {
        IPieceSelectionPolicy[] policies = [new RarestFirstPolicy(), new SequentialPolicy(), new PriorityPolicy()];
        Check.One(Runs, Prop.ForAll(Cases, c =>
        {
            var s = c.ToScenario();
            var expected = s.Candidates();
            return policies.All(p => s.Select(p, s.PieceCount).Order().SequenceEqual(expected));
        }));
    }

    /// <summary>One generated torrent; a record so FsCheck prints it on failure.</summary>
    public sealed record Case(
        int Count, bool[] Have, bool[] PeerHas, bool[] Requested, bool[] Partial,
        int[] Availability, byte[] Priorities, int Seed, int Slots)
    {
        public Scenario ToScenario()
        {
            var s = new Scenario(Count) { Seed = Seed, JunkSpareBits = Seed % 2 == 0 };
            Have.CopyTo(s.Have, 0);
            PeerHas.CopyTo(s.PeerHas, 0);
            Requested.CopyTo(s.Requested, 0);
            Partial.CopyTo(s.Partial, 0);
            Availability.CopyTo(s.Availability, 0);
            Priorities.CopyTo(s.Priorities, 0);
            return s;
        }

        public override string ToString() =>
            $"Count={Count} Slots={Slots} Seed={Seed}\n have={Bits(Have)}\n peer={Bits(PeerHas)}\n req ={Bits(Requested)}\n part={Bits(Partial)}\n avail=[{string.Join(',', Availability)}]\n prio=[{string.Join(',', Priorities)}]";

        private static string Bits(bool[] bits) => new(bits.Select(b => b ? '1' : '0').ToArray());
    }
}
