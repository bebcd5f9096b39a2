namespace ModularTorrent.Sdk.Pieces;

/// <summary>Everything a policy sees for one selection. A view over the engine's own buffers: read it, do not keep it.</summary>
public readonly ref struct PieceSelectionContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="have">Pieces we have verified.</param>
    /// <param name="peerHas">Pieces the peer has.</param>
    /// <param name="requested">Pieces whose every block is already requested or received (nothing left to ask for).</param>
    /// <param name="partial">Pieces started but not complete; finishing them first keeps memory and disk writes tidy.</param>
    /// <param name="availability">For each piece, how many connected peers have it.</param>
    /// <param name="priorities">For each piece, its priority as a <see cref="Protocols.FilePriority"/> byte (0 = skip).</param>
    /// <param name="randomSeed">A seed for tie-breaks, different per peer and call.</param>
    public PieceSelectionContext(
        ReadOnlyBitfield have,
        ReadOnlyBitfield peerHas,
        ReadOnlyBitfield requested,
        ReadOnlyBitfield partial,
        ReadOnlySpan<int> availability,
        ReadOnlySpan<byte> priorities,
        int randomSeed)
    {
        Have = have;
        PeerHas = peerHas;
        Requested = requested;
        Partial = partial;
        Availability = availability;
        Priorities = priorities;
        RandomSeed = randomSeed;
    }

    /// <summary>The number of pieces in the torrent.</summary>
    public int PieceCount => Have.Count;

    /// <summary>Pieces we have verified.</summary>
    public ReadOnlyBitfield Have { get; }

    /// <summary>Pieces the peer has.</summary>
    public ReadOnlyBitfield PeerHas { get; }

    /// <summary>Pieces with nothing left to request.</summary>
    public ReadOnlyBitfield Requested { get; }

    /// <summary>Pieces started but not complete.</summary>
    public ReadOnlyBitfield Partial { get; }

    /// <summary>For each piece, how many connected peers have it.</summary>
    public ReadOnlySpan<int> Availability { get; }

    /// <summary>For each piece, its priority byte (0 = skip); empty means all normal.</summary>
    public ReadOnlySpan<byte> Priorities { get; }

    /// <summary>A seed for random tie-breaks.</summary>
    public int RandomSeed { get; }

    /// <summary>Whether piece <paramref name="index"/> is a candidate: the peer has it, we lack it, it is wanted and not fully requested.</summary>
    /// <param name="index">The piece index.</param>
    public bool IsCandidate(int index) =>
        PeerHas[index] && !Have[index] && !Requested[index] && (Priorities.IsEmpty || Priorities[index] != 0);

    /// <summary>The priority byte of piece <paramref name="index"/> (Normal when no priorities are set).</summary>
    /// <param name="index">The piece index.</param>
    public byte PriorityOf(int index) => Priorities.IsEmpty ? (byte)Protocols.FilePriority.Normal : Priorities[index];
}
