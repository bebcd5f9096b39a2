using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ModularTorrent.Scripting.Sandbox;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Incentives;
using ModularTorrent.Storage;

namespace ModularTorrent.Scripting.Rules;

/// <summary>
/// Operator rules: versions in the database, validated and dry-run before they can be activated, activations
/// recorded, evaluated in the sandbox for plugins (<see cref="IIncentiveRules"/>). A version that fails
/// <see cref="FailuresBeforeDisable"/> times in a row is disabled; the previous good version, else the built-in
/// default, takes over and <see cref="RuleDisabled"/> is published.
/// </summary>
public sealed partial class RulesService : IIncentiveRules, IDisposable
{
    /// <summary>Consecutive failures after which a version is disabled.</summary>
    public const int FailuresBeforeDisable = 3;

    /// <summary>
    /// How long a cached active version is trusted before the database is asked again, so hosts sharing one
    /// PostgreSQL database pick up each other's activations.
    /// </summary>
    public static readonly TimeSpan ActiveVersionRecheck = TimeSpan.FromSeconds(5);

    private readonly RuleStore store;
    private readonly ScriptSandbox sandbox;
    private readonly IEventSink events;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, ActiveRule> active = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim disabling = new(1, 1);

    /// <summary>Creates the service.</summary>
    /// <param name="db">The database (the <see cref="RulesMigrations"/> must have run).</param>
    /// <param name="sandbox">The script sandbox.</param>
    /// <param name="events">Where <see cref="RuleDisabled"/> goes.</param>
    /// <param name="time">The clock for recorded times.</param>
    public RulesService(IDbConnectionFactory db, ScriptSandbox sandbox, IEventSink events, TimeProvider? time = null)
    {
        store = new RuleStore(db ?? throw new ArgumentNullException(nameof(db)));
        this.sandbox = sandbox ?? throw new ArgumentNullException(nameof(sandbox));
        this.events = events ?? throw new ArgumentNullException(nameof(events));
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Installs each shipped default that has no rule of its name yet, as version 1, active.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task InstallDefaultsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (name, source) in DefaultRules.All)
        {
            var (exists, _) = await store.GetActiveAsync(name, cancellationToken);
            if (!exists)
            {
                var version = await PutAsync(name, source, null, "system", cancellationToken);
                await store.ActivateAsync(name, version, "system", "installed default", Now, cancellationToken);
            }
        }
    }

    /// <summary>Every rule with its active and latest version.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<IReadOnlyList<RuleSummary>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    /// <summary>One rule with its versions and activations, or null.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<RuleDetails?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var (exists, activeVersion) = await store.GetActiveAsync(name, cancellationToken);
        if (!exists)
        {
            return null;
        }

        return new RuleDetails(name, activeVersion, DefaultRules.All.ContainsKey(name),
            await store.VersionsAsync(name, cancellationToken), await store.ActivationsAsync(name, cancellationToken));
    }

    /// <summary>Stores a new version after parsing it and dry-running it on the sample facts. It is not activated.</summary>
    /// <param name="name">The rule's name: a letter, then letters, digits, <c>_ . -</c>; at most 64.</param>
    /// <param name="source">ES5 source declaring <c>function rule(facts)</c>.</param>
    /// <param name="sampleFactsJson">A flat JSON object to dry-run on; <c>{}</c> when null.</param>
    /// <param name="actor">Who stores it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The new version number.</returns>
    /// <exception cref="RuleValidationException">The name, source or sample facts are refused, or the dry run failed.</exception>
    public async Task<int> PutAsync(string name, string source, string? sampleFactsJson, string actor, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        var sample = sampleFactsJson ?? "{}";
        var outcome = await DryRunAsync(name, source, sample, cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new RuleValidationException("source", $"The dry run on the sample facts failed ({outcome.ErrorKind}): {outcome.Error}");
        }

        return await store.AddVersionAsync(name, source, sample, actor, Now, cancellationToken);
    }

    /// <summary>Runs <paramref name="source"/> (or the rule's active version when null) on facts, without storing anything.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="source">The source to try, or null for the active version.</param>
    /// <param name="factsJson">A flat JSON object.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The result, duration, statements used and console output.</returns>
    /// <exception cref="RuleValidationException">The source or facts are refused.</exception>
    /// <exception cref="KeyNotFoundException">No source given and no rule of that name.</exception>
    public async Task<SandboxResult> DryRunAsync(string name, string? source, string factsJson, CancellationToken cancellationToken = default)
    {
        try
        {
            FactsJson.RequireFlatObject(factsJson);
        }
        catch (ArgumentException e)
        {
            throw new RuleValidationException(source is null ? "facts" : "sampleFacts", e.Message);
        }

        CompiledScript script;
        if (source is null)
        {
            script = (await ResolveAsync(name, cancellationToken)).Script;
        }
        else
        {
            try
            {
                script = await sandbox.CompileAsync(name, source, cancellationToken);
            }
            catch (ScriptValidationException e)
            {
                throw new RuleValidationException(e.Field, e.Message);
            }
        }

        try
        {
            return await sandbox.EvaluateAsync(script, factsJson, cancellationToken);
        }
        catch (ArgumentException e)
        {
            // Too long for the sandbox.
            throw new RuleValidationException(source is null ? "facts" : "sampleFacts", e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <summary>Makes a stored version active (a rollback is just this) and records it.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="version">The version.</param>
    /// <param name="actor">Who.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="KeyNotFoundException">No such rule or version.</exception>
    public async Task ActivateAsync(string name, int version, string actor, CancellationToken cancellationToken = default)
    {
        var versions = await store.VersionsAsync(name, cancellationToken);
        if (!versions.Any(v => v.Version == version))
        {
            throw new KeyNotFoundException($"Rule '{name}' has no version {version}.");
        }

        await store.ActivateAsync(name, version, actor, null, Now, cancellationToken);
        active.TryRemove(name, out _);
    }

    /// <summary>Deletes a rule with all its versions and history.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Whether it existed.</returns>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var deleted = await store.DeleteAsync(name, cancellationToken);
        active.TryRemove(name, out _);
        return deleted;
    }

    /// <inheritdoc />
    public async Task<RuleResult> EvaluateAsync(string ruleName, IReadOnlyDictionary<string, object?> facts, CancellationToken cancellationToken = default)
    {
        var factsJson = FactsJson.Serialize(facts);
        var rule = await ResolveAsync(ruleName, cancellationToken);
        var outcome = await sandbox.EvaluateAsync(rule.Script, factsJson, cancellationToken);
        if (outcome.Succeeded)
        {
            rule.Succeeded();
        }
        else if (rule.Failed() >= FailuresBeforeDisable && rule.Version > 0 && outcome.ErrorKind != SandboxErrorKind.Unavailable)
        {
            await DisableAsync(ruleName, rule, outcome.Error!, cancellationToken);
        }

        return new RuleResult { Rule = ruleName, Version = rule.Version, Error = outcome.Error, Value = outcome.Value, Duration = outcome.Duration };
    }

    private async Task DisableAsync(string name, ActiveRule failing, string reason, CancellationToken cancellationToken)
    {
        await disabling.WaitAsync(cancellationToken);
        try
        {
            if (!active.TryGetValue(name, out var current) || !ReferenceEquals(current, failing))
            {
                return; // another caller already did it
            }

            var now = Now;
            await store.DisableAsync(name, failing.Version, reason, now, cancellationToken);
            var fallback = (await store.VersionsAsync(name, cancellationToken))
                .Where(v => v.Version < failing.Version && v.DisabledAt is null)
                .Select(v => (int?)v.Version)
                .LastOrDefault();
            await store.ActivateAsync(name, fallback, "auto-disable", $"version {failing.Version} failed {FailuresBeforeDisable} times in a row: {reason}", now, cancellationToken);
            active.TryRemove(name, out _);
            events.Publish(new RuleDisabled(name, failing.Version, fallback, reason) { Timestamp = time.GetUtcNow() });
        }
        finally
        {
            disabling.Release();
        }
    }

    private async Task<ActiveRule> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (active.TryGetValue(name, out var cached))
        {
            if (time.GetElapsedTime(cached.CheckedAt, now) < ActiveVersionRecheck)
            {
                return cached;
            }
        }

        var (exists, activeVersion) = await store.GetActiveAsync(name, cancellationToken);
        if (!exists)
        {
            active.TryRemove(name, out _);
            throw new KeyNotFoundException($"No rule named '{name}'.");
        }

        if (cached is not null && cached.Version == (activeVersion ?? 0))
        {
            cached.CheckedAt = now;
            return cached;
        }

        string source;
        var version = activeVersion ?? 0;
        if (activeVersion is { } v)
        {
            source = (await store.VersionsAsync(name, cancellationToken)).First(x => x.Version == v).Source;
        }
        else if (!DefaultRules.All.TryGetValue(name, out source!))
        {
            throw new KeyNotFoundException($"Rule '{name}' has no active version and no built-in default.");
        }

        var rule = new ActiveRule(version, await sandbox.CompileAsync(name, source, cancellationToken)) { CheckedAt = now };
        return cached is null ? active.GetOrAdd(name, rule) : active.AddOrUpdate(name, rule, (_, _) => rule);
    }

    /// <inheritdoc />
    public void Dispose() => disabling.Dispose();

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static void RequireName(string name)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            throw new RuleValidationException("name", "A rule name starts with a letter and has at most 64 letters, digits, '_', '.' or '-'.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,63}$", RegexOptions.None, matchTimeoutMilliseconds: 100)]
    private static partial Regex NamePattern();

    private sealed class ActiveRule(int version, CompiledScript script)
    {
        private int failures;

        public int Version { get; } = version;

        public CompiledScript Script { get; } = script;

        /// <summary>When the database last confirmed this version is the active one (TimeProvider timestamp).</summary>
        public long CheckedAt { get; set; }

        public void Succeeded() => Volatile.Write(ref failures, 0);

        public int Failed() => Interlocked.Increment(ref failures);
    }
}
