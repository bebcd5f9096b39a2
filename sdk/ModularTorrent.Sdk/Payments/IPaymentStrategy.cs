using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Sdk.Payments;

/// <summary>
/// Accounts for blocks exchanged with peers and decides who owes what. The engine tells it of
/// every 16 KiB block sent and received; a seeder stops serving a peer without credit.
/// Called on the hot path: implementations must be cheap and thread-safe.
/// </summary>
public interface IPaymentStrategy : INamedExtension
{
    /// <summary>We sent a block of <paramref name="bytes"/> to the peer.</summary>
    /// <param name="peer">The peer.</param>
    /// <param name="bytes">The block's length.</param>
    void OnBlockSent(in PaymentPeer peer, int bytes);

    /// <summary>We received a block of <paramref name="bytes"/> from the peer.</summary>
    /// <param name="peer">The peer.</param>
    /// <param name="bytes">The block's length.</param>
    void OnBlockReceived(in PaymentPeer peer, int bytes);

    /// <summary>The peer paid us <paramref name="satoshis"/>.</summary>
    /// <param name="peer">The peer.</param>
    /// <param name="satoshis">The amount received.</param>
    void OnPaymentReceived(in PaymentPeer peer, long satoshis);

    /// <summary>What is owed either way, and whether it is time to settle.</summary>
    /// <param name="peer">The peer.</param>
    PaymentDue GetDue(in PaymentPeer peer);

    /// <summary>Whether the peer may receive another block from us.</summary>
    /// <param name="peer">The peer.</param>
    bool HasCredit(in PaymentPeer peer);

    /// <summary>The peer disconnected; its account may be closed.</summary>
    /// <param name="peer">The peer.</param>
    void OnPeerDisconnected(in PaymentPeer peer);
}
