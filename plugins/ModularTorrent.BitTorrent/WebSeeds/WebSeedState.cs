using ModularTorrent.BitTorrent.Pieces;

namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>What the scheduler knows about one web seed (guarded by the scheduler's lock).</summary>
internal sealed class WebSeedState(int pieceCount)
{
    /// <summary>Pieces this seed cannot serve (missing file, short file) or served wrong: never asked again.</summary>
    public Bitfield Unavailable { get; } = new(pieceCount);

    public HashSet<int> Claimed { get; } = [];

    public int HashFailures { get; set; }

    public int ConsecutiveErrors { get; set; }

    public long VerifiedPieces { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public int LastPiece { get; set; } = -1;

    public string? DropReason { get; set; }
}
