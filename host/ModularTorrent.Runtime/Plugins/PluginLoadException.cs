namespace ModularTorrent.Runtime.Plugins;

/// <summary>A plugin could not be loaded; the message is what the operator sees.</summary>
public sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginLoadException()
    {
    }

    /// <summary>Creates the exception with the operator-facing reason.</summary>
    /// <param name="message">The reason.</param>
    public PluginLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for a manifest that parsed but is not acceptable.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="manifest">The manifest as read, so the plugin can still be named by its id.</param>
    public PluginLoadException(string message, Sdk.Plugins.PluginManifest manifest)
        : base(message) => Manifest = manifest;

    /// <summary>The manifest, when it could be read but was refused.</summary>
    public Sdk.Plugins.PluginManifest? Manifest { get; }

    /// <summary>Creates the exception with a reason and its cause.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="innerException">The cause.</param>
    public PluginLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
