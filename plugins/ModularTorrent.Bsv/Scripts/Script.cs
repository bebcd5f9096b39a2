using ModularTorrent.Bsv.Encoding;

namespace ModularTorrent.Bsv.Scripts;

/// <summary>A script: an immutable byte string (locking or unlocking). Parsing into opcodes happens only where needed.</summary>
public sealed class Script : IEquatable<Script>
{
    private readonly byte[] _bytes;

    /// <summary>Creates a script from its bytes (copied).</summary>
    /// <param name="bytes">The bytes.</param>
    public Script(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes.ToArray();
    }

    // Takes ownership of the array (no copy); the marker type keeps it apart from the copying constructor.
    private Script(byte[] bytes, OwnedMarker marker)
    {
        _ = marker;
        _bytes = bytes;
    }

    private enum OwnedMarker
    {
        Owned,
    }

    /// <summary>The empty script.</summary>
    public static Script Empty { get; } = new([], OwnedMarker.Owned);

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>The bytes as memory.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>The length in bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>Parses hex.</summary>
    /// <param name="hex">The script as hex.</param>
    public static Script FromHex(string hex) => new(Hex.Decode(hex), OwnedMarker.Owned);

    /// <summary>Wraps an array the caller gives up.</summary>
    internal static Script Own(byte[] bytes) => new(bytes, OwnedMarker.Owned);

    /// <summary>The script as hex.</summary>
    public string ToHex() => Hex.Encode(_bytes);

    /// <inheritdoc />
    public bool Equals(Script? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Script);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>The script as hex.</summary>
    public override string ToString() => ToHex();
}
