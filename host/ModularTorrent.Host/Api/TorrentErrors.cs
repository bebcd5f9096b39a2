using Microsoft.AspNetCore.Http.HttpResults;
using ModularTorrent.Runtime.Transfers;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Host.Api;

/// <summary>Maps the transfer service's exceptions to stable problem types, in one place.</summary>
internal static class TorrentErrors
{
    public static async Task<IResult> GuardAsync(Func<Task<IResult>> action, string? sourceField = null)
    {
        try
        {
            return await action();
        }
        catch (TransferNotFoundException ex)
        {
            return Problems.NotFound("torrent-not-found", ex.Message);
        }
        catch (TransferNotRunningException ex)
        {
            return Problems.Conflict("torrent-not-running", ex.Message);
        }
        catch (TransferSourceException ex)
        {
            return FromSource(ex, sourceField);
        }
        catch (ArgumentException ex) when (ex.ParamName is not null)
        {
            return Problems.Validation(ex.ParamName, ex.Message);
        }
    }

    public static ProblemHttpResult FromSource(TransferSourceException ex, string? field) => ex.Reason switch
    {
        TransferSourceError.Duplicate => Problems.Conflict("duplicate-torrent", ex.Message),
        TransferSourceError.Unreachable => Problems.BadGateway("source-unreachable", ex.Message),
        TransferSourceError.Unsupported => Problems.Unprocessable("unsupported-source", ex.Message),
        _ when field == "magnet" => Problems.Unprocessable("invalid-magnet", ex.Message),
        _ => Problems.Unprocessable("invalid-torrent", ex.Message),
    };

    public static bool IsInfoHash(string value) =>
        value.Length is 40 or 64 && value.All(char.IsAsciiHexDigit);

    public static ValidationProblem BadInfoHash(string value) =>
        Problems.Validation("infoHash", $"'{value}' is not an info-hash: expected 40 (v1) or 64 (v2) hexadecimal digits.");
}
