using System.Diagnostics;
using System.Net;
using System.Text;

namespace ModularTorrent.Host.Tests.Support;

/// <summary>The built host started as its own process on 127.0.0.1, as an operator would run it.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<HostProcess> StartAsync(string dataDirectory, string pluginsDirectory, IDictionary<string, string>? settings = null)
    {
        var port = FreePort.Next();
        var hostDll = Path.Combine(RepoRoot.Path, "host", "ModularTorrent.Host", "bin", RepoRoot.Configuration, "net10.0", "ModularTorrent.Host.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(hostDll);
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        info.ArgumentList.Add($"--DataDirectory={dataDirectory}");
        info.ArgumentList.Add($"--PluginHost:PluginsDirectory={pluginsDirectory}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ready = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // drains the redirected output
                throw new InvalidOperationException($"Host exited with {process.ExitCode}: {host.Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(host.Address, "/health"))).StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (OperationCanceledException)
            {
                // Not listening yet (or just exited: checked above on the next turn).
            }

            if (ready.Elapsed > TimeSpan.FromSeconds(60))
            {
                await host.DisposeAsync();
                throw new TimeoutException("Host did not answer /health within 60 s: " + host.Output);
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
