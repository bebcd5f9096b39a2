using ModularTorrent.Cli;
using Spectre.Console;

namespace ModularTorrent.Cli.Tests;

/// <summary>One in-process run of <c>mt</c> with captured output (non-interactive, as in CI logs).</summary>
public sealed class CliRun
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly TextWriter _syncOut;
    private readonly TextWriter _syncError;

    /// <param name="terminal">Draw as on a terminal (live bars, spinners, ANSI codes in <see cref="Out"/>) instead of a CI log.</param>
    public CliRun(bool terminal = false)
    {
        _syncOut = TextWriter.Synchronized(_out);
        _syncError = TextWriter.Synchronized(_error);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(_syncOut),
        });
        console.Profile.Width = 160;
        Environment = new CliEnvironment(console, _syncOut, _syncError, TimeProvider.System);
    }

    public CliEnvironment Environment { get; }

    public string Out
    {
        get
        {
            lock (_syncOut)
            {
                return _out.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_syncError)
            {
                return _error.ToString();
            }
        }
    }

    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args) =>
        MtApp.RunAsync(args, Environment, cancellationToken);

    public static async Task<(int Code, CliRun Run)> RunAsync(params string[] args)
    {
        var run = new CliRun();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var code = await run.RunAsync(bound.Token, args);
        return (code, run);
    }
}
