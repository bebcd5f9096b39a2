namespace ModularTorrent.Bsv.Keys;

/// <summary>A BRC-43 protocol identifier: a security level and a protocol name.</summary>
/// <param name="Level">The security level.</param>
/// <param name="Name">The protocol name (normalized to lower case and trimmed in invoice numbers).</param>
public readonly record struct ProtocolId(SecurityLevel Level, string Name);
