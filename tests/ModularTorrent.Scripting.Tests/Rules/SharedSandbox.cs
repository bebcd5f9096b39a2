using ModularTorrent.Scripting.Sandbox;

namespace ModularTorrent.Scripting.Tests.Rules;

/// <summary>One warmed-up sandbox for the rules tests, as the host keeps one for its lifetime.</summary>
internal static class SharedSandbox
{
    private static readonly Lazy<Task<ScriptSandbox>> Instance = new(async () =>
    {
        var sandbox = new ScriptSandbox();
        await sandbox.WarmUpAsync();
        return sandbox;
    });

    public static Task<ScriptSandbox> GetAsync() => Instance.Value;
}
