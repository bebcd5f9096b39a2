namespace ModularTorrent.Storage;

/// <summary>Validation of plugin ids used as database keys.</summary>
internal static class PluginIds
{
    /// <summary>The longest plugin id accepted.</summary>
    public const int MaxLength = 200;

    public static void Validate(string pluginId, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginId, parameterName);
        if (pluginId.Length > MaxLength)
        {
            throw new ArgumentException($"The plugin id is {pluginId.Length} characters long; at most {MaxLength} are allowed.", parameterName);
        }
    }
}
