using System.Runtime.CompilerServices;
using ModularTorrent.Scripting.Sandbox;

namespace ModularTorrent.Scripting.Tests;

internal static class RegexTimeoutSetup
{
    // The host does this first thing in Main; a test assembly's module initializer is the nearest equivalent.
    [ModuleInitializer]
    internal static void Install() => RegexTimeout.Install(SandboxOptions.Default.RegexTimeout);
}
