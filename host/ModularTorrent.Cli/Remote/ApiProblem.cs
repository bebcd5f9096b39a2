using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ModularTorrent.Cli.Remote;

/// <summary>
/// Turns an error answer of the host (an RFC 9457 problem, or anything else) into one line for the
/// user and an exit code: 2 for bad input (400, 422), 3 for timeouts (408, 504), 1 otherwise.
/// </summary>
public static class ApiProblem
{
    /// <summary>Reads the error answer.</summary>
    /// <param name="response">A response whose status is not a success.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The error to throw.</returns>
    public static async Task<CliException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return FromBody(response.StatusCode, response.ReasonPhrase, body);
    }

    /// <summary>Builds the error from a status and body.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="reason">The reason phrase, if any.</param>
    /// <param name="body">The body text.</param>
    public static CliException FromBody(HttpStatusCode status, string? reason, string body)
    {
        var code = ExitCodeFor(status);
        var message = TryDescribe(body) ?? string.Create(
            CultureInfo.InvariantCulture,
            $"the host answered {(int)status} {reason ?? status.ToString()}.");
        if (status == HttpStatusCode.Unauthorized)
        {
            message += " Give a valid API key with --key or MT_API_KEY.";
        }

        return new CliException(code, message);
    }

    /// <summary>The exit code for an HTTP error status.</summary>
    /// <param name="status">The status.</param>
    public static int ExitCodeFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => ExitCodes.InvalidInput,
        HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => ExitCodes.TimedOut,
        _ => ExitCodes.TransferFailed,
    };

    // "Title: detail", or for validation problems "Title: field: message; field: message".
    private static string? TryDescribe(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var title = Text(root, "title");
            var detail = Text(root, "detail");
            var text = new StringBuilder();
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    var messages = field.Value.ValueKind == JsonValueKind.Array
                        ? string.Join(" ", field.Value.EnumerateArray().Select(m => m.ToString()))
                        : field.Value.ToString();
                    text.Append(text.Length == 0 ? string.Empty : "; ").Append(field.Name).Append(": ").Append(messages);
                }
            }

            if (text.Length == 0 && detail is not null)
            {
                text.Append(detail);
            }

            if (title is null && text.Length == 0)
            {
                return null;
            }

            return title is null ? text.ToString() : text.Length == 0 ? title + "." : $"{title}: {text}";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
