using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Transactions;

namespace ModularTorrent.Bsv.Spv;

/// <summary>
/// Checks the transactions of a BEEF that have no merkle proof of their own: a proof shows a transaction was mined,
/// but an unproven one is only as good as its signatures. Every input must spend a P2PKH output of its parent with a
/// valid signature, and the inputs must cover the outputs. Other locking scripts cannot be checked without a script
/// interpreter, so they are reported rather than trusted.
/// </summary>
public static class BeefSpendVerifier
{
    /// <summary>The problems found (empty when every unproven transaction checks out).</summary>
    /// <param name="beef">A BEEF whose structure is already valid.</param>
    public static IReadOnlyList<string> Verify(Beef beef)
    {
        ArgumentNullException.ThrowIfNull(beef);
        var errors = new List<string>();
        foreach (var entry in beef.Transactions)
        {
            if (entry.HasProof || entry.Transaction is null)
            {
                continue;
            }

            var tx = beef.GetLinkedTransaction(entry.TxId)!;
            ulong inputTotal = 0;
            ulong outputTotal = 0;
            var ok = true;
            for (var i = 0; i < tx.Inputs.Count && ok; i++)
            {
                if (!tx.TryGetSourceOutput(i, out var amount, out var locking))
                {
                    errors.Add($"Transaction {entry.TxId} input {i}: the spent output {tx.Inputs[i].PreviousOutput} is not in the BEEF.");
                    ok = false;
                    break;
                }

                if (!P2pkh.TryGetPublicKeyHash(locking.Span, out _))
                {
                    errors.Add($"Transaction {entry.TxId} input {i} spends a non-P2PKH output, which cannot be verified here.");
                    ok = false;
                    break;
                }

                try
                {
                    if (!TransactionSigner.VerifyP2pkhInput(tx, i))
                    {
                        errors.Add($"Transaction {entry.TxId} input {i}: the signature or public key does not unlock the spent P2PKH output.");
                        ok = false;
                    }
                }
                catch (BsvFormatException ex)
                {
                    errors.Add($"Transaction {entry.TxId} input {i}: {ex.Message}");
                    ok = false;
                }

                inputTotal += amount;
            }

            if (!ok)
            {
                continue;
            }

            foreach (var output in tx.Outputs)
            {
                outputTotal += output.Satoshis;
            }

            if (outputTotal > inputTotal)
            {
                errors.Add($"Transaction {entry.TxId} creates {outputTotal} satoshis from inputs of {inputTotal}.");
            }
        }

        return errors;
    }
}
