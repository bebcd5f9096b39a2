using Microsoft.AspNetCore.Http.HttpResults;

namespace ModularTorrent.Host.Api;

/// <summary>
/// RFC 9457 problem responses with stable <c>type</c> URIs, so clients can branch on the type
/// rather than parse messages. Validation problems name the offending field.
/// </summary>
internal static class Problems
{
    public const string TypeBase = "https://modulartorrent.dev/problems/";

    public static ProblemHttpResult NotFound(string slug, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: TypeBase + slug);

    public static ProblemHttpResult Conflict(string slug, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: TypeBase + slug);

    public static ProblemHttpResult Unprocessable(string slug, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unprocessable", type: TypeBase + slug);

    public static ProblemHttpResult BadGateway(string slug, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status502BadGateway, title: "Upstream failure", type: TypeBase + slug);

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", type: TypeBase + "unauthorized");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: TypeBase + "forbidden");

    public static ValidationProblem Validation(string field, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] },
            detail: $"{field}: {message}",
            title: "Invalid request",
            type: TypeBase + "validation");
}
