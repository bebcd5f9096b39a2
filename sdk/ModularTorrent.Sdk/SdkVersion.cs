namespace ModularTorrent.Sdk;

/// <summary>
/// The semantic version of this SDK. Plugins declare the range they were built for in
/// <c>plugin.json</c> (<c>sdk.min</c> inclusive, <c>sdk.maxExclusive</c> exclusive); the host
/// refuses a plugin whose range does not contain <see cref="Current"/>.
/// Within a major version the SDK only grows additively.
/// </summary>
public static class SdkVersion
{
    /// <summary>The major version: a plugin built for another major is refused.</summary>
    public const int Major = 1;

    /// <summary>The minor version: additive changes only.</summary>
    public const int Minor = 0;

    /// <summary>The patch version: fixes without contract changes.</summary>
    public const int Patch = 0;

    /// <summary>The SDK version as a <see cref="Version"/> (major.minor.patch).</summary>
    public static Version Current { get; } = new(Major, Minor, Patch);
}
