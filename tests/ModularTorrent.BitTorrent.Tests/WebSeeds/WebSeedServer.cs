using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace ModularTorrent.BitTorrent.Tests.WebSeeds;

/// <summary>
/// A real Kestrel server on 127.0.0.1 serving files from a folder, under prefixes that behave differently:
/// <c>/good/</c> static files with Range support, <c>/corrupt/</c> wrong bytes (with Range), <c>/norange/</c> 200 and the
/// whole file, <c>/slow/</c> no answer for 30 s, <c>/stall/</c> half the range then silence, <c>/busy/</c> 503 with
/// Retry-After, <c>/redirect/</c> 302 and <c>/moved/</c> 301 to <c>/good/</c>, <c>/loop/</c> 302 to itself, <c>/chunky/</c> more bytes than asked;
/// anything else is 404. Every request's path and Range header is logged.
/// </summary>
public sealed class WebSeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebSeedServer(WebApplication app, string root)
    {
        _app = app;
        Root = root;
    }

    public string Root { get; }

    public Uri BaseUri { get; private set; } = null!;

    public ConcurrentQueue<(string Path, string? Range, int Status)> Requests { get; } = new();

    public ConcurrentQueue<string> UserAgents { get; } = new();

    public static async Task<WebSeedServer> StartAsync(string root)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new WebSeedServer(app, root);
        app.Use(async (context, next) =>
        {
            server.UserAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
            await next(context);
            server.Requests.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers.Range.ToString() is { Length: > 0 } r ? r : null, context.Response.StatusCode));
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            RequestPath = "/good",
            ServeUnknownFileTypes = true,
        });
        app.MapGet("/corrupt/{**path}", (string path) =>
        {
            var bytes = File.ReadAllBytes(server.Local(path));
            for (var i = 7; i < bytes.Length; i += 1000)
            {
                bytes[i] ^= 0x5A;
            }

            return Results.File(bytes, "application/octet-stream", enableRangeProcessing: true);
        });
        app.MapGet("/norange/{**path}", (string path) => Results.File(server.Local(path), "application/octet-stream"));
        app.MapGet("/slow/{**path}", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Results.StatusCode(500);
        });
        app.MapGet("/stall/{**path}", async (HttpContext context, string path) =>
        {
            var range = context.Request.GetTypedHeaders().Range!.Ranges.Single();
            var bytes = File.ReadAllBytes(server.Local(path));
            var length = (int)(range.To!.Value - range.From!.Value + 1);
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {range.From}-{range.To}/{bytes.Length}";
            context.Response.ContentLength = length;
            await context.Response.Body.WriteAsync(bytes.AsMemory((int)range.From.Value, length / 2), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        app.MapGet("/chunky/{**path}", async (HttpContext context, string path) =>
        {
            var range = context.Request.GetTypedHeaders().Range!.Ranges.Single();
            var bytes = File.ReadAllBytes(server.Local(path));
            var length = (int)(range.To!.Value - range.From!.Value + 1);
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {range.From}-{range.To}/{bytes.Length}";

            // No Content-Length: chunked, and ten bytes more than the range.
            await context.Response.Body.WriteAsync(bytes.AsMemory((int)range.From.Value, length), context.RequestAborted);
            await context.Response.Body.WriteAsync(new byte[10], context.RequestAborted);
        });
        app.MapGet("/busy/{**path}", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "3";
            return Results.StatusCode(503);
        });
        app.MapGet("/redirect/{**path}", (HttpContext context) =>
            Results.Redirect(context.Request.Path.ToUriComponent().Replace("/redirect/", "/good/", StringComparison.Ordinal)));
        app.MapGet("/moved/{**path}", (HttpContext context) =>
            Results.Redirect(context.Request.Path.ToUriComponent().Replace("/moved/", "/good/", StringComparison.Ordinal), permanent: true));
        app.MapGet("/loop/{**path}", (HttpContext context) => Results.Redirect(context.Request.Path.ToUriComponent()));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public Uri At(string relative) => new(BaseUri, relative);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private string Local(string path)
    {
        var full = Path.GetFullPath(Path.Combine(Root, path));
        if (!full.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BadHttpRequestException("Outside the root.", 404);
        }

        return full;
    }
}
