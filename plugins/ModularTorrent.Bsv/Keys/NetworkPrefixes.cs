namespace ModularTorrent.Bsv.Keys;

/// <summary>The Base58Check version bytes per network.</summary>
internal static class NetworkPrefixes
{
    public static byte P2pkh(Network network) => network == Network.Mainnet ? (byte)0x00 : (byte)0x6f;

    public static byte Wif(Network network) => network == Network.Mainnet ? (byte)0x80 : (byte)0xef;
}
