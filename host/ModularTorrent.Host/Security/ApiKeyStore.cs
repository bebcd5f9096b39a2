using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using ModularTorrent.Storage;

namespace ModularTorrent.Host.Security;

/// <summary>
/// Creates, validates and revokes API keys. A key is <c>mt_&lt;id&gt;_&lt;secret&gt;</c>; only the SHA-256
/// of the whole key is stored. Validations are cached briefly so a request costs no database trip.
/// </summary>
public sealed class ApiKeyStore(IDbConnectionFactory database, TimeProvider clock)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates a key and returns it with its secret, which is never shown again.</summary>
    /// <param name="name">A label for the key.</param>
    /// <param name="scope">What it may do.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, ApiScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Enum.IsDefined(scope))
        {
            throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown scope.");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = $"mt_{id}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                "INSERT INTO api_keys (id, name, scope, secret_hash, created_at, revoked_at) VALUES (@id, @name, @scope, @hash, @at, NULL)",
                new { id, name, scope = (int)scope, hash = Hash(secret), at = now.ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken));
        return (new ApiKey(id, name, scope, now, null), secret);
    }

    /// <summary>The key a presented secret belongs to, or <see langword="null"/> when unknown or revoked.</summary>
    /// <param name="secret">The key as presented.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<ApiKey?> ValidateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200)
        {
            return null;
        }

        var hash = Hash(secret);
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Expires > now)
        {
            return cached.Key;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(
            new CommandDefinition(
                "SELECT id AS Id, name AS Name, scope AS Scope, created_at AS CreatedAt, revoked_at AS RevokedAt FROM api_keys WHERE secret_hash = @hash",
                new { hash },
                cancellationToken: cancellationToken));
        var key = row is null || row.RevokedAt is not null ? null : row.ToKey();
        _cache[hash] = (key, now + CacheLifetime);
        return key;
    }

    /// <summary>Every key, newest first (without secrets).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(
            new CommandDefinition(
                "SELECT id AS Id, name AS Name, scope AS Scope, created_at AS CreatedAt, revoked_at AS RevokedAt FROM api_keys ORDER BY created_at DESC",
                cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToKey())];
    }

    /// <summary>Revokes a key at once (on this host; other hosts sharing the database within 30 s).</summary>
    /// <param name="id">The key's public id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether a live key was revoked.</returns>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(
            new CommandDefinition(
                "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL",
                new { id, at = clock.GetUtcNow().ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken));
        _cache.Clear();
        return changed > 0;
    }

    /// <summary>Whether any key exists (revoked or not).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM api_keys", cancellationToken: cancellationToken)) > 0;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class KeyRow
    {
        public string Id { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public long Scope { get; set; }

        public long CreatedAt { get; set; }

        public long? RevokedAt { get; set; }

        public ApiKey ToKey() => new(
            Id,
            Name,
            (ApiScope)Scope,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null);
    }
}
