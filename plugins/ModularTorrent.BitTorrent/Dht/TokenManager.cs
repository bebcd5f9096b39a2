using System.Net;
using System.Security.Cryptography;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>
/// <c>announce_peer</c> tokens (BEP 5): SHA-1 of the querier's IP and a secret that changes every rotation period;
/// tokens made with the current or the previous secret are accepted, so a token lives between one and two periods.
/// Thread-safe.
/// </summary>
public sealed class TokenManager
{
    private const int TokenLength = 8;
    private readonly TimeProvider _time;
    private readonly TimeSpan _rotation;
    private readonly Lock _gate = new();
    private byte[] _current = RandomNumberGenerator.GetBytes(16);
    private byte[] _previous = RandomNumberGenerator.GetBytes(16);
    private DateTimeOffset _rotatedAt;

    /// <summary>Creates a manager rotating every <paramref name="rotation"/> (5 minutes in BEP 5).</summary>
    public TokenManager(TimeProvider time, TimeSpan rotation)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _rotation = rotation;
        _rotatedAt = time.GetUtcNow();
    }

    /// <summary>The token for <paramref name="address"/> now.</summary>
    public byte[] Create(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            Rotate();
            return Compute(address, _current);
        }
    }

    /// <summary>True when <paramref name="token"/> was given to <paramref name="address"/> under the current or previous secret.</summary>
    public bool Validate(IPAddress address, ReadOnlySpan<byte> token)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            Rotate();
            return CryptographicOperations.FixedTimeEquals(token, Compute(address, _current))
                || CryptographicOperations.FixedTimeEquals(token, Compute(address, _previous));
        }
    }

    private void Rotate()
    {
        var now = _time.GetUtcNow();
        var elapsed = now - _rotatedAt;
        if (elapsed < _rotation)
        {
            return;
        }

        // Two periods or more: both secrets are too old.
        _previous = elapsed >= _rotation * 2 ? RandomNumberGenerator.GetBytes(16) : _current;
        _current = RandomNumberGenerator.GetBytes(16);
        _rotatedAt = now;
    }

    private static byte[] Compute(IPAddress address, byte[] secret)
    {
        Span<byte> input = stackalloc byte[16 + 16];
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        normalized.TryWriteBytes(input, out var written);
        secret.CopyTo(input[written..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input[..(written + secret.Length)], hash);
        return hash[..TokenLength].ToArray();
    }
}
