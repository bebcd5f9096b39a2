using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ModularTorrent.BitTorrent.Tests.Encryption;

/// <summary>A python/libtorrent driver script; its stdout JSON lines are collected. Killed on dispose; stdin open keeps it alive.</summary>
public sealed class PythonDriver : IDisposable
{
    public const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _stderr = new();

    private PythonDriver(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Enqueue(e.Data);
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

    public string Output
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _lines.TakeLast(30)) + "\nstderr: " + _stderr;
            }
        }
    }

    /// <summary>Writes one line to the script's stdin.</summary>
    public void SendLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public static PythonDriver Start(string script, params string[] args)
    {
        RequireLibtorrent();
        var info = new ProcessStartInfo(Python, [Path.Combine(AppContext.BaseDirectory, "python", script), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        return new PythonDriver(Process.Start(info) ?? throw new InvalidOperationException("python did not start"));
    }

    public static void RequireLibtorrent()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException("Debian's /usr/bin/python3 is missing; run: apt-get install -y python3-libtorrent");
        }

        using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import libtorrent"]) { RedirectStandardError = true, UseShellExecute = false })!;
        check.WaitForExit(30_000);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException("python3-libtorrent is not installed; run: apt-get install -y python3-libtorrent");
        }
    }

    /// <summary>Waits (bounded) for the first JSON line that has <paramref name="property"/> and returns its value as text.</summary>
    public async Task<string> WaitForAsync(string property, TimeSpan timeout, Func<JsonElement, bool>? filter = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
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

            if (_process.HasExited)
            {
                await Task.Delay(200);
                throw new InvalidOperationException($"The driver exited ({_process.ExitCode}) before printing '{property}'.\n{Output}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The driver did not print '{property}' within {timeout}.\n{Output}");
    }

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
}
