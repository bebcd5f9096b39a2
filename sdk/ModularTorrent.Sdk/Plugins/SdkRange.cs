namespace ModularTorrent.Sdk.Plugins;

/// <summary>A range of SDK versions: <see cref="Min"/> inclusive to <see cref="MaxExclusive"/> exclusive.</summary>
public sealed record SdkRange
{
    /// <summary>The lowest SDK version the plugin works with, e.g. <c>1.0.0</c>.</summary>
    public required string Min { get; init; }

    /// <summary>The first SDK version the plugin does not work with, e.g. <c>2.0.0</c>.</summary>
    public required string MaxExclusive { get; init; }

    /// <summary>Whether <paramref name="version"/> lies in the range. Unparseable bounds never match.</summary>
    /// <param name="version">The SDK version to test, usually <see cref="SdkVersion.Current"/>.</param>
    public bool Contains(Version version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return System.Version.TryParse(Min, out var min)
            && System.Version.TryParse(MaxExclusive, out var max)
            && Normalize(version) >= Normalize(min)
            && Normalize(version) < Normalize(max);
    }

    // Version treats a missing component as -1, so 1.0 < 1.0.0; compare on three components.
    private static Version Normalize(Version v) => new(v.Major, Math.Max(v.Minor, 0), Math.Max(v.Build, 0));
}
