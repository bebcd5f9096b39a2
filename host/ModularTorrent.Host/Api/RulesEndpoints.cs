using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ModularTorrent.Host.Security;
using ModularTorrent.Scripting.Rules;
using ModularTorrent.Scripting.Sandbox;
using ModularTorrent.Sdk.Incentives;

namespace ModularTorrent.Host.Api;

/// <summary><c>/api/v1/rules</c>: the operator's incentive rules — list, versions, new version, dry run, activate (rollback), delete.</summary>
internal static class RulesEndpoints
{
    public static IEndpointRouteBuilder MapRulesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/rules").WithTags("Rules").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/", async (RulesService rules, CancellationToken ct) => TypedResults.Ok(await rules.ListAsync(ct)))
            .RequireScope(ApiScope.Read)
            .WithName("ListRules")
            .WithSummary("Every rule with its active and latest version (null active: the built-in default runs).");

        group.MapGet("/{name}", async Task<Results<Ok<RuleDetails>, ProblemHttpResult>> (string name, RulesService rules, CancellationToken ct) =>
                await rules.GetAsync(name, ct) is { } details ? TypedResults.Ok(details) : UnknownRule(name))
            .RequireScope(ApiScope.Read)
            .WithName("GetRule")
            .WithSummary("A rule with every version (source, sample facts, disabled state) and its activation history.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{name}", PutAsync)
            .RequireScope(ApiScope.Operate)
            .WithName("PutRule")
            .WithSummary("Stores a new version after parsing it and dry-running it on the sample facts; activate it separately.")
            .ProducesValidationProblem();

        group.MapPost("/{name}/dry-run", DryRunAsync)
            .RequireScope(ApiScope.Operate)
            .WithName("DryRunRule")
            .WithSummary("Runs the given source (or the active version) on facts: result, duration, statements used, console output.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{name}/activate/{version}", ActivateAsync)
            .RequireScope(ApiScope.Operate)
            .WithName("ActivateRule")
            .WithSummary("Makes a stored version active (a rollback is activating an older one); recorded with the caller's key.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{name}", async Task<Results<NoContent, ProblemHttpResult>> (string name, RulesService rules, CancellationToken ct) =>
                await rules.DeleteAsync(name, ct) ? TypedResults.NoContent() : UnknownRule(name))
            .RequireScope(ApiScope.Operate)
            .WithName("DeleteRule")
            .WithSummary("Deletes a rule with its versions and history (a shipped default is installed again at the next start).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<RuleVersionCreated>, ValidationProblem>> PutAsync(string name, PutRuleBody? body, HttpContext http, RulesService rules, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Source))
        {
            return Problems.Validation("source", "The rule's source is required.");
        }

        if (!TryFacts(body.SampleFacts, "sampleFacts", out var sample, out var problem))
        {
            return problem;
        }

        try
        {
            var version = await rules.PutAsync(name, body.Source, sample, ApiKeyAccess.CallerName(http), ct);
            return TypedResults.Created($"/api/v1/rules/{Uri.EscapeDataString(name)}", new RuleVersionCreated(name, version));
        }
        catch (RuleValidationException e)
        {
            return Problems.Validation(e.Field, e.Message);
        }
    }

    private static async Task<Results<Ok<RuleDetails>, ValidationProblem, ProblemHttpResult>> ActivateAsync(string name, string version, HttpContext http, RulesService rules, CancellationToken ct)
    {
        if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return Problems.Validation("version", $"'{version}' is not a version number (1, 2, …).");
        }

        try
        {
            await rules.ActivateAsync(name, number, ApiKeyAccess.CallerName(http), ct);
            return TypedResults.Ok((await rules.GetAsync(name, ct))!);
        }
        catch (KeyNotFoundException e)
        {
            return Problems.NotFound("rule-version-not-found", e.Message);
        }
    }

    private static async Task<Results<Ok<DryRunResource>, ValidationProblem, ProblemHttpResult>> DryRunAsync(string name, DryRunBody? body, RulesService rules, CancellationToken ct)
    {
        if (!TryFacts(body?.Facts, "facts", out var facts, out var problem))
        {
            return problem;
        }

        try
        {
            var run = await rules.DryRunAsync(name, string.IsNullOrEmpty(body?.Source) ? null : body.Source, facts ?? "{}", ct);
            return TypedResults.Ok(new DryRunResource(
                run.Succeeded,
                run.Succeeded ? ToJson(run.Value) : null,
                run.Error,
                run.Succeeded ? null : JsonNamingPolicy.CamelCase.ConvertName(run.ErrorKind.ToString()),
                run.Duration.TotalMilliseconds,
                run.Statements,
                run.AllocatedBytes,
                run.Console));
        }
        catch (RuleValidationException e)
        {
            return Problems.Validation(e.Field, e.Message);
        }
        catch (KeyNotFoundException e)
        {
            return Problems.NotFound("rule-not-found", e.Message);
        }
    }

    /// <summary>Facts must be a flat JSON object; they reach the script as JSON text, never as CLR objects.</summary>
    private static bool TryFacts(JsonElement? element, string field, out string? json, out ValidationProblem problem)
    {
        json = null;
        problem = null!;
        if (element is null || element.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return true;
        }

        json = element.Value.GetRawText();
        try
        {
            FactsJson.RequireFlatObject(json);
            return true;
        }
        catch (ArgumentException e)
        {
            problem = Problems.Validation(field, e.Message.Split(" (Parameter", 2)[0]);
            return false;
        }
    }

    private static object? ToJson(RuleValue value) => value.Kind switch
    {
        RuleValueKind.Number => value.Number,
        RuleValueKind.String => value.Text,
        RuleValueKind.Boolean => value.Boolean,
        RuleValueKind.Object => value.Members!.ToDictionary(m => m.Key, m => ToJson(m.Value), StringComparer.Ordinal),
        _ => null,
    };

    private static ProblemHttpResult UnknownRule(string name) => Problems.NotFound("rule-not-found", $"No rule named '{name}'.");
}
