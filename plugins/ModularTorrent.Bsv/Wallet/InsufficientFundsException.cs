namespace ModularTorrent.Bsv.Wallet;

/// <summary>There are not enough unreserved, unspent outputs to pay the amount and its fee.</summary>
public sealed class InsufficientFundsException : WalletException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="required">Satoshis needed (outputs plus fee at the point of failure).</param>
    /// <param name="available">Satoshis that could be reserved.</param>
    public InsufficientFundsException(ulong required, ulong available)
        : base($"Insufficient funds: {required} satoshis needed (outputs and fee), {available} available in unreserved outputs.")
    {
        Required = required;
        Available = available;
    }

    /// <summary>Creates the exception.</summary>
    public InsufficientFundsException()
        : base("Insufficient funds.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public InsufficientFundsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public InsufficientFundsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Satoshis needed.</summary>
    public ulong Required { get; }

    /// <summary>Satoshis available.</summary>
    public ulong Available { get; }
}
