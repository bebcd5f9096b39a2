using System.Buffers;
using System.Collections.Concurrent;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;

namespace ModularTorrent.Bsv.Spv;

/// <summary>
/// A BSV Unified Merkle Path (BUMP, BRC-74): for one block, the nodes needed to compute the merkle root from one or
/// more txids. Construction checks the structure (no duplicate offsets, only offsets the txids need, every txid
/// reaching the same root) with the same error messages as the reference SDK.
/// </summary>
public sealed class MerklePath
{
    private const int MaxTreeHeight = 64;
    private readonly MerklePathLeaf[][] _path;
    private readonly Dictionary<ulong, MerklePathLeaf>[] _byOffset;
    private readonly Dictionary<Hash256, ulong> _txOffsets = [];

    // Nodes computed from lower levels, shared across calls: a hostile path that leaves whole subtrees to be
    // computed costs each node once instead of once per txid. Values are deterministic, so racing writers agree.
    private readonly ConcurrentDictionary<(int Height, ulong Offset), MerklePathLeaf?> _computed = new();

    /// <summary>Creates and validates a path.</summary>
    /// <param name="blockHeight">The block height.</param>
    /// <param name="path">The levels, from the txid level (0) up; each sorted by offset.</param>
    /// <param name="legalOffsetsOnly">Reject nodes at levels above 0 that no level-0 node needs.</param>
    /// <exception cref="BsvFormatException">The structure is invalid; the message says how.</exception>
    public MerklePath(uint blockHeight, IReadOnlyList<IReadOnlyList<MerklePathLeaf>> path, bool legalOffsetsOnly = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        BlockHeight = blockHeight;
        _path = path.Select(level => level.OrderBy(l => l.Offset).ToArray()).ToArray();
        _byOffset = new Dictionary<ulong, MerklePathLeaf>[_path.Length];
        for (var h = 0; h < _path.Length; h++)
        {
            _byOffset[h] = new Dictionary<ulong, MerklePathLeaf>(_path[h].Length);
            foreach (var leaf in _path[h])
            {
                _byOffset[h].TryAdd(leaf.Offset, leaf); // a duplicate is reported by Validate, in the reference order
            }
        }

        if (_path.Length > 0)
        {
            foreach (var leaf in _path[0])
            {
                if (leaf.Hash is { } hash)
                {
                    _txOffsets.TryAdd(hash, leaf.Offset);
                }
            }
        }

        Validate(legalOffsetsOnly);
    }

    /// <summary>The block height.</summary>
    public uint BlockHeight { get; }

    /// <summary>The levels, from the txid level (0) up.</summary>
    public IReadOnlyList<IReadOnlyList<MerklePathLeaf>> Path => _path;

    /// <summary>Parses the binary BUMP format.</summary>
    /// <param name="bytes">The bytes; all must be consumed.</param>
    /// <param name="legalOffsetsOnly">See the constructor.</param>
    public static MerklePath Parse(ReadOnlySpan<byte> bytes, bool legalOffsetsOnly = true)
    {
        var reader = new BsvReader(bytes);
        var path = Read(ref reader, legalOffsetsOnly, endsAtInputEnd: true);
        if (!reader.End)
        {
            throw new BsvFormatException($"Invalid merkle path: {reader.Remaining} trailing bytes.");
        }

        return path;
    }

    /// <summary>Parses hex of the binary BUMP format.</summary>
    /// <param name="hex">The hex.</param>
    public static MerklePath FromHex(string hex) => Parse(Hex.Decode(hex));

    /// <summary>Reads one BUMP from a reader (inside BEEF).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="legalOffsetsOnly">See the constructor.</param>
    public static MerklePath Read(ref BsvReader reader, bool legalOffsetsOnly = true) => Read(ref reader, legalOffsetsOnly, endsAtInputEnd: false);

    /// <summary>
    /// Reads a BUMP. When the BUMP is the whole input, levels missing at the very end are read as empty levels (as the
    /// reference SDK does), so such a path fails on the structural check that names the missing node.
    /// </summary>
    private static MerklePath Read(ref BsvReader reader, bool legalOffsetsOnly, bool endsAtInputEnd)
    {
        var height = reader.ReadVarInt("merkle path block height");
        if (height > uint.MaxValue)
        {
            throw new BsvFormatException($"Invalid merkle path: block height {height} is out of range.");
        }

        int treeHeight = reader.ReadByte("merkle path tree height");
        if (treeHeight == 0 || treeHeight > MaxTreeHeight)
        {
            throw new BsvFormatException($"Invalid merkle path: tree height {treeHeight} is outside 1..{MaxTreeHeight}.");
        }

        var levels = new List<MerklePathLeaf>[treeHeight];
        for (var level = 0; level < treeHeight; level++)
        {
            if (endsAtInputEnd && level > 0 && reader.End)
            {
                levels[level] = [];
                continue;
            }

            var count = reader.ReadCount("merkle path leaf count", 2);
            var leaves = new List<MerklePathLeaf>(count);
            for (var i = 0; i < count; i++)
            {
                var offset = reader.ReadVarInt("merkle path offset");
                var flags = reader.ReadByte("merkle path flags");
                switch (flags)
                {
                    case 0:
                    case 2:
                        leaves.Add(MerklePathLeaf.WithHash(offset, new Hash256(reader.ReadBytes(32, "merkle path hash")), flags == 2));
                        break;
                    case 1:
                        leaves.Add(MerklePathLeaf.Duplicate(offset));
                        break;
                    default:
                        throw new BsvFormatException($"Invalid merkle path: unknown flags 0x{flags:x2} at height {level}, offset {offset}.");
                }
            }

            levels[level] = leaves;
        }

        return new MerklePath((uint)height, levels, legalOffsetsOnly);
    }

    /// <summary>Writes the binary BUMP format.</summary>
    /// <param name="writer">The destination.</param>
    public void Write(BsvWriter writer)
    {
        writer.WriteVarInt(BlockHeight);
        writer.WriteByte((byte)_path.Length);
        Span<byte> hash = stackalloc byte[32];
        foreach (var level in _path)
        {
            writer.WriteVarInt((ulong)level.Length);
            foreach (var leaf in level)
            {
                writer.WriteVarInt(leaf.Offset);
                if (leaf.IsDuplicate)
                {
                    writer.WriteByte(1);
                }
                else
                {
                    writer.WriteByte(leaf.IsTxId ? (byte)2 : (byte)0);
                    leaf.Hash!.Value.CopyTo(hash);
                    writer.Write(hash);
                }
            }
        }
    }

    /// <summary>The binary BUMP format.</summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(new BsvWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The binary format as hex.</summary>
    public string ToHex() => Hex.Encode(ToBytes());

    /// <summary>The level-0 offset of <paramref name="txId"/>, if the path has it.</summary>
    /// <param name="txId">The txid.</param>
    /// <param name="offset">Its offset.</param>
    public bool TryGetOffset(Hash256 txId, out ulong offset) => _txOffsets.TryGetValue(txId, out offset);

    /// <summary>Whether <paramref name="txId"/> is one of the txids this path proves (flag 2).</summary>
    /// <param name="txId">The txid.</param>
    public bool ProvesTxId(Hash256 txId) => _path[0].Any(l => l.IsTxId && l.Hash == txId);

    /// <summary>The txids this path proves (level-0 nodes with the txid flag).</summary>
    public IEnumerable<Hash256> ProvenTxIds => _path[0].Where(l => l.IsTxId && l.Hash is not null).Select(l => l.Hash!.Value);

    /// <summary>Computes the merkle root from <paramref name="txId"/> (or the first level-0 hash when null).</summary>
    /// <param name="txId">The txid to start from.</param>
    /// <exception cref="BsvFormatException">The txid is not in the path, or a needed node is missing.</exception>
    public Hash256 ComputeRoot(Hash256? txId = null)
    {
        var start = txId ?? _path[0].FirstOrDefault(l => l.Hash is not null).Hash
            ?? throw new BsvFormatException("Invalid merkle path: no level-0 node has a hash.");
        if (!TryGetOffset(start, out var index))
        {
            throw new BsvFormatException($"This proof does not contain the txid: {start}");
        }

        // A block with one transaction: the txid is the root.
        if (_path.Length == 1 && _path[0].Length == 1)
        {
            return start;
        }

        var working = start;
        for (var height = 0; height < _path.Length; height++)
        {
            var offset = (index >> height) ^ 1;
            var leaf = FindOrComputeLeaf(height, offset)
                ?? throw new BsvFormatException($"Missing hash for index {index} at height {height}");
            if (leaf.IsDuplicate)
            {
                working = Hash256.Combine(working, working);
            }
            else if (offset % 2 != 0)
            {
                working = Hash256.Combine(working, leaf.Hash!.Value);
            }
            else
            {
                working = Hash256.Combine(leaf.Hash!.Value, working);
            }
        }

        return working;
    }

    /// <summary>
    /// Merges another path of the same block into one that proves the txids of both (a node present in both keeps
    /// its txid flag if either had it).
    /// </summary>
    /// <param name="other">A path of the same block.</param>
    /// <exception cref="BsvFormatException">Different heights, tree heights or roots.</exception>
    public MerklePath Combine(MerklePath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.BlockHeight != BlockHeight || other._path.Length != _path.Length)
        {
            throw new BsvFormatException($"Cannot combine merkle paths of different blocks (heights {BlockHeight} and {other.BlockHeight}).");
        }

        if (ComputeRoot() != other.ComputeRoot())
        {
            throw new BsvFormatException($"Cannot combine merkle paths with different roots at height {BlockHeight}.");
        }

        var levels = new List<IReadOnlyList<MerklePathLeaf>>(_path.Length);
        for (var h = 0; h < _path.Length; h++)
        {
            var merged = _path[h].ToDictionary(l => l.Offset);
            foreach (var leaf in other._path[h])
            {
                if (!merged.TryGetValue(leaf.Offset, out var existing))
                {
                    merged.Add(leaf.Offset, leaf);
                }
                else if (leaf.IsTxId && !existing.IsTxId)
                {
                    merged[leaf.Offset] = existing with { IsTxId = true };
                }
            }

            levels.Add(merged.Values.ToList());
        }

        return new MerklePath(BlockHeight, levels, legalOffsetsOnly: false);
    }

    /// <summary>Checks the root computed from <paramref name="txId"/> against the chain.</summary>
    /// <param name="txId">The txid.</param>
    /// <param name="chainTracker">Knows the block headers.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public Task<bool> VerifyAsync(Hash256 txId, IChainTracker chainTracker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chainTracker);
        return chainTracker.IsValidRootForHeightAsync(ComputeRoot(txId), BlockHeight, cancellationToken);
    }

    private MerklePathLeaf? FindOrComputeLeaf(int height, ulong offset)
    {
        if (_byOffset[height].TryGetValue(offset, out var found))
        {
            return found;
        }

        if (height == 0)
        {
            return null;
        }

        if (_computed.TryGetValue((height, offset), out var cached))
        {
            return cached;
        }

        var computed = ComputeLeaf(height, offset);
        _computed.TryAdd((height, offset), computed);
        return computed;
    }

    private MerklePathLeaf? ComputeLeaf(int height, ulong offset)
    {

        var left = FindOrComputeLeaf(height - 1, offset << 1);
        if (left is not { Hash: not null } leftLeaf)
        {
            return null;
        }

        var right = FindOrComputeLeaf(height - 1, (offset << 1) + 1);
        if (right is not { } rightLeaf)
        {
            return null;
        }

        var hash = rightLeaf.IsDuplicate
            ? Hash256.Combine(leftLeaf.Hash.Value, leftLeaf.Hash.Value)
            : Hash256.Combine(leftLeaf.Hash.Value, rightLeaf.Hash!.Value);
        return MerklePathLeaf.WithHash(offset, hash);
    }

    private void Validate(bool legalOffsetsOnly)
    {
        if (_path.Length == 0 || _path[0].Length == 0)
        {
            throw new BsvFormatException("Empty level at height: 0");
        }

        // Insertion order is kept for the error message (it lists the legal offsets as the reference SDK does).
        var legal = new List<ulong>[_path.Length];
        var legalSet = new HashSet<ulong>[_path.Length];
        for (var h = 0; h < legal.Length; h++)
        {
            legal[h] = [];
            legalSet[h] = [];
        }

        for (var height = 0; height < _path.Length; height++)
        {
            var seen = new HashSet<ulong>();
            foreach (var leaf in _path[height])
            {
                if (!seen.Add(leaf.Offset))
                {
                    throw new BsvFormatException($"Duplicate offset: {leaf.Offset}, at height: {height}");
                }

                if (height == 0)
                {
                    if (!leaf.IsDuplicate)
                    {
                        for (var h = 1; h < _path.Length; h++)
                        {
                            var needed = (leaf.Offset >> h) ^ 1;
                            if (legalSet[h].Add(needed))
                            {
                                legal[h].Add(needed);
                            }
                        }
                    }
                }
                else if (legalOffsetsOnly && !legalSet[height].Contains(leaf.Offset))
                {
                    throw new BsvFormatException($"Invalid offset: {leaf.Offset}, at height: {height}, with legal offsets: {string.Join(", ", legal[height])}");
                }
            }
        }

        Hash256? root = null;
        foreach (var leaf in _path[0])
        {
            var computed = ComputeRoot(leaf.Hash);
            root ??= computed;
            if (root != computed)
            {
                throw new BsvFormatException("Mismatched roots");
            }
        }
    }
}
