using Spectre.Console;
using Spectre.Console.Rendering;

namespace ModularTorrent.Cli.Remote;

/// <summary>Writes tables and grids: on a terminal at its width, to a pipe or file unwrapped, so info-hashes stay whole for scripts and logs.</summary>
public static class RemoteOutput
{
    // Wide enough for a 64-digit info-hash and a long name on one row; tables are only as wide as their content.
    private const int RedirectedWidth = 400;

    /// <summary>Writes <paramref name="renderable"/> to standard output.</summary>
    /// <param name="environment">The console.</param>
    /// <param name="renderable">A table or grid.</param>
    public static void Write(CliEnvironment environment, IRenderable renderable)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Interactive)
        {
            environment.Out.Write(renderable);
            return;
        }

        var plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(environment.OutText),
        });
        plain.Profile.Width = RedirectedWidth;
        plain.Write(renderable);
    }
}
