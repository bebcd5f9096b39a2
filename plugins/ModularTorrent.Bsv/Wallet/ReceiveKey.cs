using ModularTorrent.Bsv.Keys;
using ModularTorrent.Bsv.Scripts;

namespace ModularTorrent.Bsv.Wallet;

/// <summary>
/// A BRC-42 receive key: the public key the counterparty derives for us with the invoice number, and its P2PKH
/// script and address. The counterparty computes the same key as <c>ourIdentity.DeriveChild(theirKey, invoice)</c>.
/// </summary>
/// <param name="PublicKey">The child public key.</param>
/// <param name="LockingScript">Its P2PKH locking script.</param>
/// <param name="Address">Its P2PKH address.</param>
/// <param name="Counterparty">Who pays to it.</param>
/// <param name="InvoiceNumber">The invoice number it was derived with.</param>
public sealed record ReceiveKey(PublicKey PublicKey, Script LockingScript, string Address, Counterparty Counterparty, string InvoiceNumber);
