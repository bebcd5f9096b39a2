using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ModularTorrent.Cli.Tests;

/// <summary>The real <c>mt</c> executable (mt.dll next to the tests) as a child process with its output collected.</summary>
public sealed class MtProcess : IDisposable
{
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    public MtProcess(params string[] args)
    {
        var mt = Path.Combine(AppContext.BaseDirectory, "mt.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(mt);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process = Process.Start(start)!;
        Process.OutputDataReceived += (_, e) => { lock (_out) { _out.AppendLine(e.Data); } };
        Process.ErrorDataReceived += (_, e) => { lock (_error) { _error.AppendLine(e.Data); } };
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Out
    {
        get
        {
            lock (_out)
            {
                return _out.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public async Task<int> WaitAsync(TimeSpan bound)
    {
        using var cts = new CancellationTokenSource(bound);
        try
        {
            await Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"mt did not exit within {bound}:\n{Out}\n{Error}");
        }

        Process.WaitForExit(); // flush the redirected streams
        return Process.ExitCode;
    }

    /// <summary>Waits (bounded) until standard output has a match of <paramref name="pattern"/>, e.g. the port a seed prints.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline && !Process.HasExited)
        {
            var match = pattern.Match(Out);
            if (match.Success)
            {
                return match;
            }

            await Task.Delay(100);
        }

        var last = pattern.Match(Out);
        return last.Success ? last : throw new TimeoutException($"mt never printed /{pattern}/ within {bound}:\n{Out}\n{Error}");
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(5000);
        }

        Process.Dispose();
    }
}
