namespace ModularTorrent.Storage;

/// <summary>A plugin's persisted host-side state: whether the operator enabled it, and its configuration.</summary>
/// <param name="PluginId">The plugin id from its manifest.</param>
/// <param name="Enabled">Whether the host loads it.</param>
/// <param name="ConfigurationJson">Its configuration, a JSON object.</param>
/// <param name="UpdatedAt">When the row was last written (millisecond precision).</param>
public sealed record PluginStateRecord(string PluginId, bool Enabled, string ConfigurationJson, DateTimeOffset UpdatedAt);
