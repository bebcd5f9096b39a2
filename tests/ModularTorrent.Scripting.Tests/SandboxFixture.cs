using ModularTorrent.Scripting.Sandbox;

namespace ModularTorrent.Scripting.Tests;

/// <summary>One sandbox shared by a test class, like the host shares one.</summary>
public sealed class SandboxFixture : IAsyncLifetime, IDisposable
{
    public Task InitializeAsync() => Sandbox.WarmUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public ScriptSandbox Sandbox { get; } = new(SandboxOptions.Default with { MaxSourceLength = 512 * 1024, Workers = 4 });

    public async Task<SandboxResult> RunAsync(string source, string facts = "{}")
    {
        var script = await Sandbox.CompileAsync("test", source);
        return await Sandbox.EvaluateAsync(script, facts);
    }

    public void Dispose() => Sandbox.Dispose();
}
