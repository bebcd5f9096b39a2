using System.Collections.Concurrent;
using ModularTorrent.Sdk.Payments;

namespace ModularTorrent.Payments.Free;

/// <summary>
/// Counts the bytes exchanged with each peer (so operators see the traffic a paid strategy would
/// bill) but never asks for money: every peer always has credit and nothing is ever due.
/// </summary>
public sealed class FreePaymentStrategy : IPaymentStrategy
{
    private readonly ConcurrentDictionary<PaymentPeer, Traffic> _traffic = new();

    /// <inheritdoc />
    public string Name => "free";

    /// <inheritdoc />
    public void OnBlockSent(in PaymentPeer peer, int bytes) => Interlocked.Add(ref For(peer).Sent, bytes);

    /// <inheritdoc />
    public void OnBlockReceived(in PaymentPeer peer, int bytes) => Interlocked.Add(ref For(peer).Received, bytes);

    /// <inheritdoc />
    public void OnPaymentReceived(in PaymentPeer peer, long satoshis)
    {
        // Nothing is ever owed, so a payment is a gift; it is not refused, only not needed.
    }

    /// <inheritdoc />
    public PaymentDue GetDue(in PaymentPeer peer) => new(0, 0, SettleNow: false);

    /// <inheritdoc />
    public bool HasCredit(in PaymentPeer peer) => true;

    /// <inheritdoc />
    public void OnPeerDisconnected(in PaymentPeer peer) => _traffic.TryRemove(peer, out _);

    /// <summary>Bytes sent to and received from a peer since it connected.</summary>
    /// <param name="peer">The peer.</param>
    public (long Sent, long Received) GetTraffic(in PaymentPeer peer) =>
        _traffic.TryGetValue(peer, out var t) ? (Interlocked.Read(ref t.Sent), Interlocked.Read(ref t.Received)) : (0, 0);

    private Traffic For(in PaymentPeer peer) => _traffic.GetOrAdd(peer, static _ => new Traffic());

    private sealed class Traffic
    {
        public long Sent;
        public long Received;
    }
}
