using System.Runtime.CompilerServices;
using ModularTorrent.Runtime.Plugins;
using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.Host.Tests.Support;

/// <summary>Calls the probe test plugin through the SDK interface without keeping a reference to it.</summary>
internal static class Probe
{
    public const string Id = "test.probe";

    /// <summary>The piece the probe policy picks (its build version), or 0 when no probe is registered.</summary>
    // Not inlined: a reference to the plugin's object left in a caller's frame would keep its load context alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Pick(ExtensionRegistry registry)
    {
        var policy = registry.Find<IPieceSelectionPolicy>("probe");
        if (policy is null)
        {
            return 0;
        }

        Span<int> destination = stackalloc int[1];
        var context = new PieceSelectionContext(default, default, default, default, default, default, 0);
        return policy.SelectPieces(context, destination) == 1 ? destination[0] : -1;
    }

    public static void Install(string pluginsDirectory, string version, string folder = "probe") =>
        TempFolder.CopyDirectory(TestPlugins.Output($"Probe.V{version}"), Path.Combine(pluginsDirectory, folder));
}
