namespace ModularTorrent.Sdk.Payments;

/// <summary>A peer in one transfer, as payment accounting sees it.</summary>
/// <param name="TransferId">The transfer id.</param>
/// <param name="PeerId">A stable id of the peer (its BitTorrent peer id or endpoint).</param>
public readonly record struct PaymentPeer(string TransferId, string PeerId);
