using System.Buffers;

namespace ModularTorrent.Host.Api;

/// <summary>An <c>application/json</c> answer written from already-encoded pieces, without serializing again.</summary>
internal sealed class RawJsonResult(Action<IBufferWriter<byte>> write, int statusCode = StatusCodes.Status200OK) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        write(httpContext.Response.BodyWriter);
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
