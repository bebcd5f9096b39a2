using Spectre.Console;

namespace ModularTorrent.Cli;

/// <summary>Where <c>mt</c> writes and reads time: the real console in the program, captured writers in tests.</summary>
/// <param name="Out">Progress and results.</param>
/// <param name="OutText">The same output as plain text, for help and parse messages.</param>
/// <param name="Error">Errors and engine log lines.</param>
/// <param name="Clock">The clock for <c>--max-time</c> and rates.</param>
public sealed record CliEnvironment(IAnsiConsole Out, TextWriter OutText, TextWriter Error, TimeProvider Clock)
{
    /// <summary>The process console.</summary>
    public static CliEnvironment FromConsole() => new(AnsiConsole.Console, Console.Out, Console.Error, TimeProvider.System);

    /// <summary>Writes a result line as plain text: never wrapped, so links and paths survive copy and paste and log files.</summary>
    /// <param name="line">The line.</param>
    public void WriteLine(string line) => OutText.WriteLine(line);

    /// <summary>Whether a live progress bar can be drawn (a terminal, not a pipe or a file).</summary>
    public bool Interactive => Out.Profile.Capabilities.Interactive;
}
