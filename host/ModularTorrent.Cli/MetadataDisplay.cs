using Spectre.Console;

namespace ModularTorrent.Cli;

/// <summary>
/// Shows the metadata phase of a magnet download: a spinner with a status line on a terminal, or the line itself
/// every few seconds (when it changed) when the output is a pipe or a file.
/// </summary>
public static class MetadataDisplay
{
    private static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="body"/>, which reports its progress through the callback it is given.</summary>
    /// <typeparam name="T">The body's result.</typeparam>
    /// <param name="environment">The console.</param>
    /// <param name="body">The work; calls its argument with a one-line status as often as it likes.</param>
    /// <returns>The body's result.</returns>
    public static async Task<T> RunAsync<T>(CliEnvironment environment, Func<Action<string>, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(body);
        if (environment.Interactive)
        {
            return await environment.Out.Status()
                .Spinner(Spinner.Known.Dots)
                .StartAsync("fetching metadata", context => body(line => context.Status = Markup.Escape(line)));
        }

        var lastLine = DateTimeOffset.MinValue;
        string? lastText = null;
        return await body(line =>
        {
            var now = environment.Clock.GetUtcNow();
            if (now - lastLine >= PlainLineInterval && line != lastText)
            {
                environment.WriteLine(line);
                lastLine = now;
                lastText = line;
            }
        });
    }
}
