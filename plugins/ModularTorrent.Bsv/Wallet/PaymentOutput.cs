using ModularTorrent.Bsv.Scripts;

namespace ModularTorrent.Bsv.Wallet;

/// <summary>One output a payment must create.</summary>
/// <param name="LockingScript">Where the money goes.</param>
/// <param name="Satoshis">How much (at least 1).</param>
public sealed record PaymentOutput(Script LockingScript, ulong Satoshis);
