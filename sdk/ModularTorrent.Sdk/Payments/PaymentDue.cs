namespace ModularTorrent.Sdk.Payments;

/// <summary>The balance with one peer.</summary>
/// <param name="OwedToUsSatoshis">What the peer owes us for blocks we sent.</param>
/// <param name="OwedByUsSatoshis">What we owe the peer for blocks we received.</param>
/// <param name="SettleNow">Whether the strategy wants the balance settled now.</param>
public readonly record struct PaymentDue(long OwedToUsSatoshis, long OwedByUsSatoshis, bool SettleNow);
