using System.Numerics;
using System.Security.Cryptography;

namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>The MSE Diffie-Hellman exchange: the 768-bit prime P of the spec, generator 2, 160-bit private keys.</summary>
internal sealed class MseKeyExchange
{
    public const int KeyLength = 96;

    private static readonly BigInteger Prime = new(Convert.FromHexString(
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A36210000000000090563"),
        isUnsigned: true, isBigEndian: true);

    private readonly BigInteger _private;

    public MseKeyExchange()
    {
        // 160 bits of secret, as the spec recommends; a zero key would make the public key 1.
        Span<byte> secret = stackalloc byte[20];
        do
        {
            RandomNumberGenerator.Fill(secret);
            _private = new BigInteger(secret, isUnsigned: true, isBigEndian: true);
        }
        while (_private < 2);

        PublicKey = ToFixed(BigInteger.ModPow(2, _private, Prime));
    }

    /// <summary>Y = 2^X mod P, 96 bytes big-endian.</summary>
    public byte[] PublicKey { get; }

    /// <summary>S = Y_remote^X mod P, 96 bytes big-endian.</summary>
    /// <exception cref="MseException">The remote key is 0, 1, P−1 or not below P (a degenerate or hostile key).</exception>
    public byte[] SharedSecret(ReadOnlySpan<byte> remotePublicKey)
    {
        var remote = new BigInteger(remotePublicKey, isUnsigned: true, isBigEndian: true);
        if (remote <= 1 || remote >= Prime - 1)
        {
            throw new MseException(MseError.BadPublicKey, "The remote Diffie-Hellman public key is out of range.");
        }

        return ToFixed(BigInteger.ModPow(remote, _private, Prime));
    }

    private static byte[] ToFixed(BigInteger value)
    {
        var bytes = new byte[KeyLength];
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(bytes.AsSpan(KeyLength - length), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }
}
