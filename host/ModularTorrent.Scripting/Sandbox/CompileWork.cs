using Jint.Parser.Ast;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>Parses and prepares a script on a worker, whose large stack absorbs the parser's recursion.</summary>
internal sealed class CompileWork : WorkItem
{
    private readonly string name;
    private readonly string source;
    private readonly SandboxOptions options;
    private readonly TaskCompletionSource<CompiledScript> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CompileWork(string name, string source, SandboxOptions options)
    {
        this.name = name;
        this.source = source;
        this.options = options;
    }

    public Task<CompiledScript> Task => completion.Task;

    // Parsing is not guarded and a pathological source parses slowly; it is bounded by the source cap and this.
    public override TimeSpan HardLimit => TimeSpan.FromSeconds(5);

    protected override Action Run()
    {
        try
        {
            var (program, names) = ScriptPreparer.Prepare(source, options);
            if (!program.FunctionDeclarations.Any(declaration => declaration.Id?.Name == "rule"))
            {
                throw new ScriptValidationException("source", "The script must declare function rule(facts) at its top level.");
            }

            var script = new CompiledScript(name, source, program, names);
            return () => completion.TrySetResult(script);
        }
        catch (Exception e)
        {
            return () => completion.TrySetException(e);
        }
    }

    protected override void OnAbandoned() =>
        completion.TrySetException(new ScriptValidationException("source", "Parsing the script took too long."));

    protected override void OnCanceled() => completion.TrySetCanceled();

    public override void Refuse(string reason) => completion.TrySetException(new InvalidOperationException(reason));
}
