using ModularTorrent.Bsv.Keys;
using ModularTorrent.Bsv.Scripts;
using ModularTorrent.Bsv.Transactions;

namespace ModularTorrent.Bsv.Wallet;

/// <summary>An output the wallet can spend, with the derivation of its key.</summary>
/// <param name="OutPoint">Where it is.</param>
/// <param name="Satoshis">Its amount.</param>
/// <param name="LockingScript">Its locking script.</param>
/// <param name="Counterparty">The counterparty of its key derivation.</param>
/// <param name="InvoiceNumber">The invoice number of its key derivation.</param>
public sealed record WalletOutput(OutPoint OutPoint, ulong Satoshis, Script LockingScript, Counterparty Counterparty, string InvoiceNumber);
