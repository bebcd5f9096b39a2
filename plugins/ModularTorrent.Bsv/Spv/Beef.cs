using System.Buffers;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Transactions;

namespace ModularTorrent.Bsv.Spv;

/// <summary>
/// Background Evaluation Extended Format (BRC-62, with the V2 and Atomic BEEF extensions of BRC-95/96): BUMPs and
/// transactions so a receiver can check a payment against block headers alone.
/// </summary>
public sealed class Beef
{
    /// <summary>The V1 version word (bytes 01 00 BE EF).</summary>
    public const uint V1 = 4022206465;

    /// <summary>The V2 version word (bytes 02 00 BE EF): adds per-transaction format bytes and bare txids.</summary>
    public const uint V2 = 4022206466;

    /// <summary>The Atomic BEEF prefix word (bytes 01 01 01 01), followed by the subject txid.</summary>
    public const uint AtomicPrefix = 0x01010101;

    private const byte FormatRaw = 0;
    private const byte FormatRawWithBump = 1;
    private const byte FormatTxIdOnly = 2;

    /// <summary>Creates an empty BEEF.</summary>
    /// <param name="version">V1 or V2.</param>
    public Beef(uint version = V1)
    {
        if (version is not V1 and not V2)
        {
            throw new ArgumentOutOfRangeException(nameof(version), $"BEEF version must be {V1} or {V2}.");
        }

        Version = version;
    }

    /// <summary>V1 or V2.</summary>
    public uint Version { get; }

    /// <summary>The subject txid of an Atomic BEEF, if it was one.</summary>
    public Hash256? AtomicTxId { get; set; }

    /// <summary>The merkle paths.</summary>
    public List<MerklePath> Bumps { get; } = [];

    /// <summary>The transactions, in their current order.</summary>
    public List<BeefTransaction> Transactions { get; } = [];

    /// <summary>Parses binary BEEF (V1, V2, or Atomic). A transaction encoded more than once is kept once.</summary>
    /// <param name="bytes">The bytes; all must be consumed.</param>
    /// <exception cref="BsvFormatException">Bad version, truncation, bad varint, a bad BUMP, or a BUMP index out of range.</exception>
    public static Beef Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new BsvReader(bytes);
        var version = reader.ReadUInt32("BEEF version");
        Hash256? atomic = null;
        if (version == AtomicPrefix)
        {
            atomic = new Hash256(reader.ReadBytes(32, "atomic BEEF subject txid"));
            version = reader.ReadUInt32("BEEF version");
        }

        if (version is not V1 and not V2)
        {
            throw new BsvFormatException($"Serialized BEEF must start with {V1} or {V2} but starts with {version}");
        }

        var beef = new Beef(version) { AtomicTxId = atomic };
        var bumpCount = reader.ReadCount("BUMP count", 3);
        for (var i = 0; i < bumpCount; i++)
        {
            beef.Bumps.Add(MerklePath.Read(ref reader, legalOffsetsOnly: false));
        }

        var txCount = reader.ReadCount("BEEF transaction count", 2);
        var seen = new Dictionary<Hash256, BeefTransaction>();
        for (var i = 0; i < txCount; i++)
        {
            var entry = ReadTransaction(ref reader, version, bumpCount, i);

            // A transaction encoded twice is kept once (the first), gaining a proof if only the repeat had one.
            if (seen.TryGetValue(entry.TxId, out var first))
            {
                if (first.IsTxIdOnly && !entry.IsTxIdOnly)
                {
                    beef.Transactions[beef.Transactions.IndexOf(first)] = entry;
                    seen[entry.TxId] = entry;
                }
                else
                {
                    first.BumpIndex ??= entry.BumpIndex;
                }

                continue;
            }

            seen.Add(entry.TxId, entry);
            beef.Transactions.Add(entry);
        }

        if (!reader.End)
        {
            throw new BsvFormatException($"Invalid BEEF: {reader.Remaining} trailing bytes.");
        }

        return beef;
    }

    /// <summary>Parses BEEF from hex.</summary>
    /// <param name="hex">The hex.</param>
    public static Beef FromHex(string hex) => Parse(Hex.Decode(hex));

    /// <summary>The binary form (Atomic when <see cref="AtomicTxId"/> is set).</summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var writer = new BsvWriter(buffer);
        if (AtomicTxId is { } atomic)
        {
            writer.WriteUInt32(AtomicPrefix);
            Span<byte> id = stackalloc byte[32];
            atomic.CopyTo(id);
            writer.Write(id);
        }

        writer.WriteUInt32(Version);
        writer.WriteVarInt((ulong)Bumps.Count);
        foreach (var bump in Bumps)
        {
            bump.Write(writer);
        }

        writer.WriteVarInt((ulong)Transactions.Count);
        foreach (var entry in Transactions)
        {
            WriteTransaction(writer, entry);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The binary form as hex.</summary>
    public string ToHex() => Hex.Encode(ToBytes());

    /// <summary>The entry for <paramref name="txId"/>, if present.</summary>
    /// <param name="txId">The txid.</param>
    public BeefTransaction? Find(Hash256 txId) => Transactions.Find(t => t.TxId == txId);

    /// <summary>
    /// Adds a transaction (and its proof, merged into the BUMP list) unless its txid is already present;
    /// an existing entry without a proof gains the new one.
    /// </summary>
    /// <param name="raw">The raw transaction.</param>
    /// <param name="proof">Its merkle path, if mined.</param>
    public BeefTransaction AddTransaction(ReadOnlySpan<byte> raw, MerklePath? proof = null)
    {
        int? bumpIndex = null;
        if (proof is not null)
        {
            // One BUMP per block: a second path of the same block is merged into the first.
            bumpIndex = Bumps.FindIndex(b => b.BlockHeight == proof.BlockHeight && b.ComputeRoot() == proof.ComputeRoot());
            if (bumpIndex < 0)
            {
                Bumps.Add(proof);
                bumpIndex = Bumps.Count - 1;
            }
            else
            {
                Bumps[bumpIndex.Value] = Bumps[bumpIndex.Value].Combine(proof);
            }
        }

        var entry = BeefTransaction.FromRaw(raw, bumpIndex);
        if (bumpIndex is { } index && !Bumps[index].ProvesTxId(entry.TxId))
        {
            throw new BeefValidationException($"The merkle path at height {Bumps[index].BlockHeight} does not prove transaction {entry.TxId}.");
        }

        var existing = Find(entry.TxId);
        if (existing is not null)
        {
            existing.BumpIndex ??= bumpIndex;
            return existing;
        }

        Transactions.Add(entry);
        return entry;
    }

    /// <summary>
    /// Puts the transactions in dependency order, as the reference SDK does: entries that cannot be validated first
    /// (missing inputs, then unresolvable), then bare txids, then proven transactions, then each later generation.
    /// </summary>
    public void SortTransactions() => Sort(out _, out _, out _);

    /// <summary>
    /// Validates the structure: every BUMP's txids agree on one root per height, every transaction with a BUMP index
    /// is a txid of that BUMP, and every unproven transaction's parents are in the BEEF and valid before it.
    /// Sorts the transactions into dependency order first (so a re-serialized BEEF lists parents first).
    /// </summary>
    /// <param name="allowTxIdOnly">Accept bare txids as valid (the caller already knows them).</param>
    public BeefValidationResult Validate(bool allowTxIdOnly = false)
    {
        var errors = new List<string>();
        var roots = new Dictionary<uint, Hash256>();
        Sort(out var missingInputs, out var notValid, out var txIdOnly);
        foreach (var (child, parent) in missingInputs)
        {
            errors.Add($"Missing parent: transaction {child} spends an output of {parent}, which is not in the BEEF.");
        }

        foreach (var txId in notValid)
        {
            errors.Add($"Transaction {txId} does not chain back to a merkle proof.");
        }

        if (!allowTxIdOnly)
        {
            foreach (var txId in txIdOnly)
            {
                errors.Add($"Transaction {txId} is included as a bare txid, which is not allowed here.");
            }
        }

        var known = new HashSet<Hash256>();
        foreach (var entry in Transactions)
        {
            if (entry.IsTxIdOnly && allowTxIdOnly)
            {
                known.Add(entry.TxId);
            }
        }

        foreach (var bump in Bumps)
        {
            foreach (var txId in bump.ProvenTxIds)
            {
                known.Add(txId);
                Hash256 root;
                try
                {
                    root = bump.ComputeRoot(txId);
                }
                catch (BsvFormatException ex)
                {
                    errors.Add($"BUMP at height {bump.BlockHeight}: {ex.Message}");
                    continue;
                }

                if (roots.TryGetValue(bump.BlockHeight, out var previous) && previous != root)
                {
                    errors.Add($"BUMPs disagree on the merkle root at height {bump.BlockHeight}: {previous} and {root}.");
                }

                roots.TryAdd(bump.BlockHeight, root);
            }
        }

        foreach (var entry in Transactions)
        {
            if (entry.BumpIndex is { } index && !Bumps[index].TryGetOffset(entry.TxId, out _))
            {
                errors.Add($"Transaction {entry.TxId} is not in the BUMP at index {index} (height {Bumps[index].BlockHeight}) that claims to prove it.");
            }
        }

        foreach (var entry in Transactions)
        {
            foreach (var parent in entry.InputTxIds)
            {
                if (!known.Contains(parent) && !missingInputs.Any(m => m.Parent == parent))
                {
                    errors.Add($"Transaction {entry.TxId} spends {parent}, which is not valid before it.");
                }
            }

            known.Add(entry.TxId);
        }

        return new BeefValidationResult(errors.Count == 0, errors, roots);
    }

    /// <summary>Validates the structure and then asks the chain tracker about every root.</summary>
    /// <param name="chainTracker">Knows the block headers.</param>
    /// <param name="allowTxIdOnly">Accept bare txids.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    public async Task<BeefValidationResult> VerifyAsync(IChainTracker chainTracker, bool allowTxIdOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chainTracker);
        var result = Validate(allowTxIdOnly);
        if (!result.IsValid)
        {
            return result;
        }

        var errors = new List<string>();
        foreach (var (height, root) in result.Roots)
        {
            if (!await chainTracker.IsValidRootForHeightAsync(root, height, cancellationToken).ConfigureAwait(false))
            {
                errors.Add($"The chain tracker does not know merkle root {root} at height {height}.");
            }
        }

        return errors.Count == 0 ? result : result with { IsValid = false, Errors = errors };
    }

    /// <summary>Like <see cref="VerifyAsync"/>, but throws <see cref="BeefValidationException"/> listing the errors.</summary>
    /// <param name="chainTracker">Knows the block headers.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    public async Task EnsureValidAsync(IChainTracker chainTracker, CancellationToken cancellationToken = default)
    {
        var result = await VerifyAsync(chainTracker, false, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            throw new BeefValidationException("Invalid BEEF: " + string.Join(" ", result.Errors));
        }
    }

    /// <summary>
    /// The transaction <paramref name="txId"/> with every input's <see cref="TransactionInput.SourceTransaction"/>
    /// linked to the parent entries in this BEEF (recursively), ready for signing checks or EF output.
    /// </summary>
    /// <param name="txId">The subject txid.</param>
    public Transaction? GetLinkedTransaction(Hash256 txId)
    {
        var entry = Find(txId);
        if (entry?.Transaction is not { } tx)
        {
            return null;
        }

        foreach (var input in tx.Inputs)
        {
            input.SourceTransaction ??= GetLinkedTransaction(input.PreviousOutput.TxId);
        }

        return tx;
    }

    private void Sort(out List<(Hash256 Child, Hash256 Parent)> missingInputs, out List<Hash256> notValid, out List<Hash256> txIdOnly)
    {
        var byTxId = new Dictionary<Hash256, BeefTransaction>();
        var valid = new HashSet<Hash256>();
        var result = new List<BeefTransaction>();
        var bare = new List<BeefTransaction>();
        var queue = new List<BeefTransaction>();
        foreach (var entry in Transactions)
        {
            byTxId[entry.TxId] = entry;
            if (entry.HasProof)
            {
                valid.Add(entry.TxId);
                result.Add(entry);
            }
            else if (entry.IsTxIdOnly)
            {
                valid.Add(entry.TxId);
                bare.Add(entry);
            }
            else
            {
                queue.Add(entry);
            }
        }

        missingInputs = [];
        var withMissing = new List<BeefTransaction>();
        var pending = new List<BeefTransaction>();
        foreach (var entry in queue)
        {
            var missing = false;
            foreach (var parent in entry.InputTxIds)
            {
                if (!byTxId.ContainsKey(parent))
                {
                    missingInputs.Add((entry.TxId, parent));
                    missing = true;
                }
            }

            (missing ? withMissing : pending).Add(entry);
        }

        while (pending.Count > 0)
        {
            var next = new List<BeefTransaction>();
            foreach (var entry in pending)
            {
                if (entry.InputTxIds.All(valid.Contains))
                {
                    valid.Add(entry.TxId);
                    result.Add(entry);
                }
                else
                {
                    next.Add(entry);
                }
            }

            if (next.Count == pending.Count)
            {
                break;
            }

            pending = next;
        }

        notValid = pending.Select(p => p.TxId).ToList();
        txIdOnly = bare.Select(b => b.TxId).ToList();
        Transactions.Clear();
        Transactions.AddRange(withMissing);
        Transactions.AddRange(pending);
        Transactions.AddRange(bare);
        Transactions.AddRange(result);
    }

    private static BeefTransaction ReadTransaction(ref BsvReader reader, uint version, int bumpCount, int position)
    {
        int? bumpIndex = null;
        if (version == V2)
        {
            var format = reader.ReadByte("BEEF transaction format");
            switch (format)
            {
                case FormatTxIdOnly:
                    return BeefTransaction.FromTxId(new Hash256(reader.ReadBytes(32, "BEEF txid")));
                case FormatRawWithBump:
                    bumpIndex = ReadBumpIndex(ref reader, bumpCount, position);
                    break;
                case FormatRaw:
                    break;
                default:
                    throw new BsvFormatException($"Invalid BEEF: transaction {position} has unknown format byte {format}.");
            }

            return ReadRaw(ref reader, bumpIndex);
        }

        var entry = ReadRaw(ref reader, null);
        var hasBump = reader.ReadByte("BEEF has-BUMP flag");
        if (hasBump > 1)
        {
            throw new BsvFormatException($"Invalid BEEF: transaction {position} has a has-BUMP flag of {hasBump}, not 0 or 1.");
        }

        if (hasBump == 1)
        {
            entry.BumpIndex = ReadBumpIndex(ref reader, bumpCount, position);
        }

        return entry;
    }

    private static BeefTransaction ReadRaw(ref BsvReader reader, int? bumpIndex)
    {
        // The raw slice is kept as read, so re-serialization and the txid are byte-exact.
        var start = reader.Position;
        var before = reader;
        var tx = Transaction.Read(ref reader);
        var raw = before.ReadBytes(reader.Position - start, "BEEF transaction");
        return BeefTransaction.FromParsed(tx, raw, bumpIndex);
    }

    private static int ReadBumpIndex(ref BsvReader reader, int bumpCount, int position)
    {
        var index = reader.ReadVarInt("BEEF BUMP index");
        if (index >= (ulong)bumpCount)
        {
            throw new BsvFormatException($"Invalid BEEF: transaction {position} refers to BUMP index {index}, but there are only {bumpCount} BUMPs.");
        }

        return (int)index;
    }

    private void WriteTransaction(BsvWriter writer, BeefTransaction entry)
    {
        if (Version == V2)
        {
            if (entry.IsTxIdOnly)
            {
                writer.WriteByte(FormatTxIdOnly);
                Span<byte> id = stackalloc byte[32];
                entry.TxId.CopyTo(id);
                writer.Write(id);
                return;
            }

            if (entry.BumpIndex is { } v2Index)
            {
                writer.WriteByte(FormatRawWithBump);
                writer.WriteVarInt((ulong)v2Index);
            }
            else
            {
                writer.WriteByte(FormatRaw);
            }

            writer.Write(entry.RawTransaction);
            return;
        }

        if (entry.IsTxIdOnly)
        {
            throw new InvalidOperationException($"BEEF V1 cannot carry the bare txid {entry.TxId}; use V2.");
        }

        writer.Write(entry.RawTransaction);
        if (entry.BumpIndex is { } index)
        {
            writer.WriteByte(1);
            writer.WriteVarInt((ulong)index);
        }
        else
        {
            writer.WriteByte(0);
        }
    }
}
