namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>BEP 10 extension names and the message ids we ask peers to use for them (our <c>m</c> map).</summary>
public static class ExtensionNames
{
    /// <summary>BEP 9 metadata exchange.</summary>
    public const string UtMetadata = "ut_metadata";

    /// <summary>BEP 11 peer exchange.</summary>
    public const string UtPex = "ut_pex";

    /// <summary>Our id for incoming ut_metadata messages (any 1–255 works; the remote's ids come from its handshake).</summary>
    public const byte UtMetadataId = 1;

    /// <summary>Our id for incoming ut_pex messages.</summary>
    public const byte UtPexId = 2;
}
