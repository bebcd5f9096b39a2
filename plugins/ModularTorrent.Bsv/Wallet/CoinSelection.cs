using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Transactions;

namespace ModularTorrent.Bsv.Wallet;

/// <summary>
/// The arithmetic of coin selection: given the inputs gathered so far, is it enough, what is the fee, and is there
/// change worth an output? Change below the dust limit is not created: it goes to the fee.
/// </summary>
public static class CoinSelection
{
    /// <summary>Evaluates a candidate selection of P2PKH inputs.</summary>
    /// <param name="inputTotal">The sum of the selected inputs.</param>
    /// <param name="inputCount">How many inputs (each P2PKH).</param>
    /// <param name="outputs">The payment outputs.</param>
    /// <param name="feeModel">The fee rate.</param>
    /// <param name="dustLimit">The smallest change output to create.</param>
    public static CoinSelectionResult Evaluate(ulong inputTotal, int inputCount, IReadOnlyList<PaymentOutput> outputs, FeeModel feeModel, ulong dustLimit)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(feeModel);
        ulong target = 0;
        var unlocking = Enumerable.Repeat(P2pkh.EstimatedUnlockingScriptLength, inputCount).ToArray();
        var locking = new List<int>(outputs.Count + 1);
        foreach (var o in outputs)
        {
            target = checked(target + o.Satoshis);
            locking.Add(o.LockingScript.Length);
        }

        var feeWithoutChange = feeModel.ComputeFee(TransactionSizeEstimator.Estimate(unlocking, locking));
        locking.Add(P2pkh.LockingScriptLength);
        var feeWithChange = feeModel.ComputeFee(TransactionSizeEstimator.Estimate(unlocking, locking));
        if (inputTotal >= target + feeWithChange + dustLimit)
        {
            return new CoinSelectionResult(true, feeWithChange, inputTotal - target - feeWithChange, target + feeWithChange);
        }

        if (inputTotal >= target + feeWithoutChange)
        {
            // Enough to pay, but the remainder is below the dust limit: it goes to the miner.
            return new CoinSelectionResult(true, inputTotal - target, 0, target + feeWithoutChange);
        }

        return new CoinSelectionResult(false, feeWithoutChange, 0, target + feeWithoutChange);
    }
}
