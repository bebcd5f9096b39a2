using ModularTorrent.Scripting.Sandbox;

namespace ModularTorrent.Scripting.Tests;

/// <summary>What one evaluation keeps once it is done: its answer, not its engine.</summary>
[Collection(SequentialCollection.Name)]
public sealed class EvaluateWorkTests : IDisposable
{
    // Only compiles; the evaluation itself runs here, on the test's thread.
    private readonly ScriptSandbox sandbox = new(SandboxOptions.Default with { Workers = 1 });

    public void Dispose() => sandbox.Dispose();

    [Theory]
    [InlineData("function rule(f) { console.log('seen', f.n); return f.n + 1; }", true)]
    [InlineData("function rule(f) { throw new Error('no'); }", false)]
    public async Task A_finished_evaluation_lets_go_of_its_engine_but_keeps_its_answer(string source, bool succeeds)
    {
        // The caller's await holds the work item until the caller resumes; with many evaluations in flight,
        // finished engines must not pile up behind it.
        var script = await sandbox.CompileAsync("t", source);
        var work = new EvaluateWork(script, """{"n":41}""", sandbox.Options);

        Assert.True(work.TryStart());
        work.Execute();
        var result = await work.Task;

        Assert.Null(work.Context);
        Assert.Equal(succeeds, result.Succeeded);
        if (succeeds)
        {
            Assert.Equal(42, result.Value.Number);
            Assert.Equal(["seen 41"], result.Console);
        }
        else
        {
            Assert.Contains("no", result.Error, StringComparison.Ordinal);
        }
    }
}
