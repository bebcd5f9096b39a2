using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// A real HTTP server (Kestrel, 127.0.0.1, ephemeral port) serving a folder for BEP 19 web seeds, with Range requests
/// handled by ASP.NET Core. Files whose relative path is in the corrupt set are served with every byte flipped
/// (same length, so only the piece hashes can tell).
/// </summary>
public sealed class WebSeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _bytesServed;
    private int _requests;

    private WebSeedServer(WebApplication app) => _app = app;

    /// <summary>The web seed URL to put in the torrent (ends in '/').</summary>
    public string Url { get; private set; } = "";

    /// <summary>Body bytes sent so far.</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>Requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<WebSeedServer> StartAsync(string root, params string[] corruptFiles)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var server = new WebSeedServer(app);
        var corrupt = new HashSet<string>(corruptFiles, StringComparer.Ordinal);
        var fullRoot = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        app.MapGet("/seed/{**path}", (string path, HttpContext http) =>
        {
            Interlocked.Increment(ref server._requests);
            var file = Path.GetFullPath(Path.Combine(fullRoot, path));
            if (!file.StartsWith(fullRoot, StringComparison.Ordinal) || !File.Exists(file))
            {
                return Results.NotFound();
            }

            http.Response.OnCompleted(() =>
            {
                Interlocked.Add(ref server._bytesServed, http.Response.ContentLength ?? 0);
                return Task.CompletedTask;
            });
            if (corrupt.Contains(path))
            {
                var bytes = File.ReadAllBytes(file);
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] ^= 0xFF;
                }

                return Results.Bytes(bytes, "application/octet-stream", enableRangeProcessing: true);
            }

            return Results.File(file, "application/octet-stream", enableRangeProcessing: true);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = address.TrimEnd('/') + "/seed/";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
