using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// A python3/libtorrent script from the test output's <c>python</c> folder, run as a child process. The scripts
/// print one JSON object a line on stdout: every line is kept (and handed to an optional callback as it comes),
/// stderr too, for failure messages. Stdin stays open, so a script that reads commands there, or stops when it
/// closes, runs until this is disposed; disposing kills the process tree.
/// </summary>
/// <remarks>
/// One runner for the driver scripts of the interop tests (lt_driver.py), the BitTorrent tests (lt_mse.py,
/// lt_dht.py) and the CLI tests: the BitTorrent tests link this file, the CLI tests compile every Libtorrent*.cs here.
/// </remarks>
public sealed class LibtorrentScript : IDisposable
{
    /// <summary>Debian's python3, the one python3-libtorrent is installed for.</summary>
    public const string Python = "/usr/bin/python3";

    private const int OutputTail = 30;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private static readonly Lazy<string?> LibtorrentProblem = new(FindLibtorrentProblem);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _stderr = new();

    private LibtorrentScript(Process process, Action<string>? onLine)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Enqueue(e.Data);
                onLine?.Invoke(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last stdout lines and all of stderr, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _lines.TakeLast(OutputTail)) + "\nstderr: " + _stderr;
            }
        }
    }

    /// <summary>The path of <paramref name="script"/> in the test output's <c>python</c> folder.</summary>
    public static string PathOf(string script) => Path.Combine(AppContext.BaseDirectory, "python", script);

    /// <summary>Starts <paramref name="script"/> (a file name in the output's <c>python</c> folder) after <see cref="RequireLibtorrent"/>.</summary>
    /// <param name="onLine">Called with each stdout line as it arrives, on the process's output thread.</param>
    public static LibtorrentScript Start(string script, IEnumerable<string> args, Action<string>? onLine = null)
    {
        RequireLibtorrent();
        var info = new ProcessStartInfo(Python, [PathOf(script), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        return new LibtorrentScript(Process.Start(info) ?? throw new InvalidOperationException("python did not start"), onLine);
    }

    /// <summary>Throws, naming the package to install, unless Debian's python3 can import libtorrent (checked once per run).</summary>
    public static void RequireLibtorrent()
    {
        if (LibtorrentProblem.Value is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>Writes one line to the script's stdin.</summary>
    public void SendLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits (bounded) for the first JSON line that has <paramref name="property"/> and returns its value as text.</summary>
    public async Task<string> WaitForAsync(string property, TimeSpan timeout, Func<JsonElement, bool>? filter = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Find(property, filter) is { } found)
            {
                return found;
            }

            if (_process.HasExited)
            {
                // The exit can overtake the last lines: drain them, then look once more.
                await WaitForExitAsync(DrainTimeout);
                return Find(property, filter)
                    ?? throw new InvalidOperationException($"The driver exited ({_process.ExitCode}) before printing '{property}'.\n{Output}");
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"The driver did not print '{property}' within {timeout}.\n{Output}");
    }

    /// <summary>Waits (bounded) for the script to exit by itself and for its last output lines to be read.</summary>
    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static string? FindLibtorrentProblem()
    {
        if (!File.Exists(Python))
        {
            return "Debian's /usr/bin/python3 is missing; run: apt-get install -y python3-libtorrent";
        }

        using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import libtorrent"]) { RedirectStandardError = true, UseShellExecute = false })!;
        if (!check.WaitForExit(30_000))
        {
            check.Kill();
            return "python3 did not import libtorrent within 30 s.";
        }

        return check.ExitCode == 0 ? null : "python3-libtorrent is not installed; run: apt-get install -y python3-libtorrent";
    }

    private string? Find(string property, Func<JsonElement, bool>? filter)
    {
        foreach (var line in _lines)
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty(property, out var value) && (filter is null || filter(doc.RootElement)))
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
        }

        return null;
    }
}
