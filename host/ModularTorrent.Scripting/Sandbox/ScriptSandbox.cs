namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Runs operator scripts (Jint 2.10, ES5) with no access to the CLR: each evaluation gets a fresh engine over a
/// program parsed once, on a big-stack worker thread watched by a watchdog, with time, statement, memory, stack
/// and size limits that Jint alone does not enforce. Thread-safe.
/// </summary>
public sealed class ScriptSandbox : IDisposable
{
    private readonly WorkerPool pool;

    /// <summary>Starts the workers.</summary>
    /// <param name="options">Limits; <see cref="SandboxOptions.Default"/> when null.</param>
    public ScriptSandbox(SandboxOptions? options = null)
    {
        Options = options ?? SandboxOptions.Default;
        // Defence in depth only: the sandbox bounds each script regex itself (BoundedRegex).
        RegexTimeout.Install(Options.RegexTimeout);
        pool = new WorkerPool(Options);
    }

    /// <summary>The limits in force.</summary>
    public SandboxOptions Options { get; }

    /// <summary>Evaluations the watchdog gave up on whose threads are still running.</summary>
    public int AbandonedWorkers => pool.AbandonedWorkers;

    /// <summary>Parses and prepares a script that declares <c>function rule(facts)</c>.</summary>
    /// <param name="name">The rule's name, for messages.</param>
    /// <param name="source">The ES5 source.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="ScriptValidationException">The script is refused, with the reason.</exception>
    public async Task<CompiledScript> CompileAsync(string name, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length > Options.MaxSourceLength)
        {
            // Refuse before the parser sees it.
            throw new ScriptValidationException("source", $"The source is {source.Length} characters long; the limit is {Options.MaxSourceLength}.");
        }

        var work = new CompileWork(name, source, Options);
        pool.Submit(work);
        using (cancellationToken.Register(() => work.TryCancel()))
        {
            return await work.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Evaluates <c>rule(facts)</c> with facts given as a JSON object.</summary>
    /// <param name="script">The compiled script.</param>
    /// <param name="factsJson">A flat JSON object; parsed inside the engine.</param>
    /// <param name="cancellationToken">Stops waiting if the evaluation has not started.</param>
    /// <returns>The outcome; a failing script is an outcome, not an exception.</returns>
    public async Task<SandboxResult> EvaluateAsync(CompiledScript script, string factsJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(factsJson);
        if (factsJson.Length > Options.MaxFactsLength)
        {
            throw new ArgumentException($"The facts are {factsJson.Length} characters long; the limit is {Options.MaxFactsLength}.", nameof(factsJson));
        }

        var work = new EvaluateWork(script, factsJson, Options);
        pool.Submit(work);
        using (cancellationToken.Register(() => work.TryCancel()))
        {
            return await work.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Evaluates <c>rule(facts)</c> with flat CLR facts (serialized to JSON, never handed over as objects).</summary>
    /// <param name="script">The compiled script.</param>
    /// <param name="facts">Flat facts: strings, booleans, numbers, null.</param>
    /// <param name="cancellationToken">Stops waiting if the evaluation has not started.</param>
    /// <exception cref="ArgumentException">A fact has an unsupported type.</exception>
    public Task<SandboxResult> EvaluateAsync(CompiledScript script, IReadOnlyDictionary<string, object?> facts, CancellationToken cancellationToken = default) =>
        EvaluateAsync(script, FactsJson.Serialize(facts), cancellationToken);

    /// <summary>
    /// Runs one script through the paths rules use (JSON, arrays, strings, regexes, console) with a relaxed time
    /// budget, so the first just-in-time compilation of Jint is not billed to an operator's rule as a timeout.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        const string source = """
            function rule(facts) {
              var o = JSON.parse('{"a":[1,2.5,{"b":true,"c":null}],"s":"x"}');
              var a = [3, 1, 2].sort().concat([4]).map(function (x) { return x * 2; }).filter(function (x) { return x > 2; });
              var r = /^p(e+)r$/i.test('peer') && 'a-b'.split('-').join('+').replace(/\+/g, ' ').match('a') !== null;
              console.log('warm', o, a.length);
              return { text: JSON.stringify(o) + a.join(',') + String(r), n: Math.floor(facts.n * 1.5) };
            }
            """;
        var script = await CompileAsync("warm-up", source, cancellationToken).ConfigureAwait(false);
        var work = new EvaluateWork(script, """{"n":2}""", EvaluateWork.WarmUpOptions(Options));
        pool.Submit(work);
        var result = await work.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The sandbox warm-up failed: {result.Error}");
        }
    }

    /// <inheritdoc />
    public void Dispose() => pool.Dispose();
}
