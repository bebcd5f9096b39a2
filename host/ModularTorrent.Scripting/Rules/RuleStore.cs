using Dapper;
using ModularTorrent.Storage;

namespace ModularTorrent.Scripting.Rules;

/// <summary>Dapper access to the rules tables; times are Unix milliseconds.</summary>
internal sealed class RuleStore(IDbConnectionFactory db)
{
    public Task<IReadOnlyList<RuleSummary>> ListAsync(CancellationToken ct) =>
        db.WithConnectionAsync<IReadOnlyList<RuleSummary>>(async (c, t) =>
            (await c.QueryAsync<(string Name, long? Active, long Latest)>(new CommandDefinition(
                "SELECT r.name, r.active_version, COALESCE(MAX(v.version), 0) FROM rules_rules r LEFT JOIN rules_versions v ON v.name = r.name GROUP BY r.name, r.active_version ORDER BY r.name",
                cancellationToken: t)))
            .Select(row => new RuleSummary(row.Name, (int?)row.Active, (int)row.Latest)).ToList(), ct);

    public Task<(bool Exists, int? Active)> GetActiveAsync(string name, CancellationToken ct) =>
        db.WithConnectionAsync(async (c, t) =>
        {
            var rows = (await c.QueryAsync<long?>(new CommandDefinition("SELECT active_version FROM rules_rules WHERE name = @name", new { name }, cancellationToken: t))).ToList();
            return rows.Count == 0 ? (false, (int?)null) : (true, (int?)rows[0]);
        }, ct);

    public Task<IReadOnlyList<RuleVersionInfo>> VersionsAsync(string name, CancellationToken ct) =>
        db.WithConnectionAsync<IReadOnlyList<RuleVersionInfo>>(async (c, t) =>
            (await c.QueryAsync<(long Version, string Source, string Sample, long Created, string By, long? DisabledAt, string? Reason)>(new CommandDefinition(
                "SELECT version, source, sample_facts, created_at, created_by, disabled_at, disabled_reason FROM rules_versions WHERE name = @name ORDER BY version",
                new { name }, cancellationToken: t)))
            .Select(r => new RuleVersionInfo((int)r.Version, r.Source, r.Sample, DateTimeOffset.FromUnixTimeMilliseconds(r.Created), r.By,
                r.DisabledAt is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null, r.Reason)).ToList(), ct);

    public Task<IReadOnlyList<RuleActivation>> ActivationsAsync(string name, CancellationToken ct) =>
        db.WithConnectionAsync<IReadOnlyList<RuleActivation>>(async (c, t) =>
            (await c.QueryAsync<(long? Version, string Actor, string? Reason, long At)>(new CommandDefinition(
                "SELECT version, actor, reason, at FROM rules_activations WHERE name = @name ORDER BY id", new { name }, cancellationToken: t)))
            .Select(r => new RuleActivation((int?)r.Version, r.Actor, r.Reason, DateTimeOffset.FromUnixTimeMilliseconds(r.At))).ToList(), ct);

    /// <summary>Stores the next version (creating the rule if new); returns its number.</summary>
    public Task<int> AddVersionAsync(string name, string source, string sampleFacts, string actor, long now, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO rules_rules (name, active_version, created_at) VALUES (@name, NULL, @now) ON CONFLICT (name) DO NOTHING",
                new { name, now }, tx, cancellationToken: t));
            // Lock the rule's row so two writers (two hosts on PostgreSQL) cannot both take the same next version.
            await c.ExecuteAsync(new CommandDefinition("UPDATE rules_rules SET name = name WHERE name = @name", new { name }, tx, cancellationToken: t));
            var next = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM rules_versions WHERE name = @name", new { name }, tx, cancellationToken: t));
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO rules_versions (name, version, source, sample_facts, created_at, created_by) VALUES (@name, @version, @source, @sampleFacts, @now, @actor)",
                new { name, version = (int)next, source, sampleFacts, now, actor }, tx, cancellationToken: t));
            return (int)next;
        }, ct);

    /// <summary>Makes <paramref name="version"/> active (null: the built-in default) and records who did it.</summary>
    public Task ActivateAsync(string name, int? version, string actor, string? reason, long now, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition("UPDATE rules_rules SET active_version = @version WHERE name = @name", new { name, version }, tx, cancellationToken: t));
            if (version is not null && reason is null)
            {
                // An operator's activation re-enables a version the system had disabled.
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE rules_versions SET disabled_at = NULL, disabled_reason = NULL WHERE name = @name AND version = @version", new { name, version }, tx, cancellationToken: t));
            }

            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO rules_activations (name, version, actor, reason, at) VALUES (@name, @version, @actor, @reason, @now)",
                new { name, version, actor, reason, now }, tx, cancellationToken: t));
        }, ct);

    public Task DisableAsync(string name, int version, string reason, long now, CancellationToken ct) =>
        db.WithWriteConnectionAsync((c, t) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE rules_versions SET disabled_at = @now, disabled_reason = @reason WHERE name = @name AND version = @version",
            new { name, version, reason, now }, cancellationToken: t)), ct);

    public Task<bool> DeleteAsync(string name, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM rules_activations WHERE name = @name", new { name }, tx, cancellationToken: t));
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM rules_versions WHERE name = @name", new { name }, tx, cancellationToken: t));
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM rules_rules WHERE name = @name", new { name }, tx, cancellationToken: t)) > 0;
        }, ct);
}
