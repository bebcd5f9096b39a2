using ModularTorrent.Scripting.Sandbox;

namespace ModularTorrent.Scripting.Tests;

/// <summary>What one evaluation keeps once it is done: its answer, not its engine.</summary>
public sealed class EvaluateWorkTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Theory]
    [InlineData("function rule(f) { console.log('seen', f.n); return f.n + 1; }", true)]
    [InlineData("function rule(f) { throw new Error('no'); }", false)]
    public async Task A_finished_evaluation_lets_go_of_its_engine_but_keeps_its_answer(string source, bool succeeds)
    {
        // The caller's await holds the work item until the caller resumes; with many evaluations in flight,
        // finished engines must not pile up behind it.
        var script = await fixture.Sandbox.CompileAsync("t", source);
        var work = new EvaluateWork(script, """{"n":41}""", fixture.Sandbox.Options);

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
