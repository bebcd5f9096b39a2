using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Selection.Tests;

/// <summary>A torrent's state for one selection, built from plain arrays, encoded as real wire bitfields.</summary>
public sealed class Scenario
{
    public Scenario(int pieceCount)
    {
        PieceCount = pieceCount;
        Have = new bool[pieceCount];
        PeerHas = new bool[pieceCount];
        Requested = new bool[pieceCount];
        Partial = new bool[pieceCount];
        Availability = new int[pieceCount];
        Priorities = new byte[pieceCount];
        Array.Fill(PeerHas, true);
        Array.Fill(Priorities, (byte)FilePriority.Normal);
    }

    public int PieceCount { get; }
    public bool[] Have { get; }
    public bool[] PeerHas { get; }
    public bool[] Requested { get; }
    public bool[] Partial { get; }
    public int[] Availability { get; }
    public byte[] Priorities { get; }
    public int Seed { get; set; }

    /// <summary>When false, the context gets an empty priorities span (all Normal).</summary>
    public bool UsePriorities { get; set; } = true;

    /// <summary>Bits set past the piece count in every bitfield's last byte (the wire allows junk there).</summary>
    public bool JunkSpareBits { get; set; }

    public bool IsCandidate(int i) =>
        PeerHas[i] && !Have[i] && !Requested[i] && (!UsePriorities || Priorities[i] != 0);

    public IReadOnlyList<int> Candidates() =>
        Enumerable.Range(0, PieceCount).Where(IsCandidate).ToList();

    public byte PriorityOf(int i) => UsePriorities ? Priorities[i] : (byte)FilePriority.Normal;

    public int[] Select(IPieceSelectionPolicy policy, int slots)
    {
        var encoded = new Encoded(this);
        var destination = new int[slots];
        var written = encoded.Select(policy, destination);
        return destination[..written];
    }

    /// <summary>The encoded form, kept so tests can call a policy many times without allocating.</summary>
    public Encoded Encode() => new(this);

    public sealed class Encoded
    {
        private readonly byte[] _have;
        private readonly byte[] _peerHas;
        private readonly byte[] _requested;
        private readonly byte[] _partial;
        private readonly int[] _availability;
        private readonly byte[] _priorities;
        private readonly int _count;
        private readonly int _seed;

        public Encoded(Scenario s)
        {
            _count = s.PieceCount;
            _have = Pack(s.Have, s.JunkSpareBits);
            _peerHas = Pack(s.PeerHas, s.JunkSpareBits);
            _requested = Pack(s.Requested, s.JunkSpareBits);
            _partial = Pack(s.Partial, s.JunkSpareBits);
            _availability = (int[])s.Availability.Clone();
            _priorities = s.UsePriorities ? (byte[])s.Priorities.Clone() : [];
            _seed = s.Seed;
        }

        public int Select(IPieceSelectionPolicy policy, Span<int> destination)
        {
            var context = new PieceSelectionContext(
                new ReadOnlyBitfield(_have, _count),
                new ReadOnlyBitfield(_peerHas, _count),
                new ReadOnlyBitfield(_requested, _count),
                new ReadOnlyBitfield(_partial, _count),
                _availability,
                _priorities,
                _seed);
            return policy.SelectPieces(context, destination);
        }
    }

    public static byte[] Pack(bool[] bits, bool junkSpareBits = false)
    {
        var bytes = new byte[ReadOnlyBitfield.ByteLength(bits.Length)];
        for (var i = 0; i < bits.Length; i++)
        {
            if (bits[i])
            {
                bytes[i >> 3] |= (byte)(0x80 >> (i & 7));
            }
        }

        if (junkSpareBits && (bits.Length & 7) != 0)
        {
            bytes[^1] |= (byte)(0xFF >> (bits.Length & 7));
        }

        return bytes;
    }
}
