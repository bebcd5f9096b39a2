namespace ModularTorrent.Bsv.Wallet;

/// <summary>The wallet's unspent outputs, split by whether a payment in progress holds them.</summary>
/// <param name="SpendableSatoshis">Unreserved unspent satoshis.</param>
/// <param name="ReservedSatoshis">Satoshis held by payments being built.</param>
/// <param name="SpendableOutputs">Number of unreserved unspent outputs.</param>
public sealed record WalletBalance(ulong SpendableSatoshis, ulong ReservedSatoshis, int SpendableOutputs);
