namespace ModularTorrent.Host.Security;

/// <summary>An API key as stored: never the secret itself, only its hash.</summary>
/// <param name="Id">A short public id (shown in lists, used to revoke).</param>
/// <param name="Name">What the operator called it.</param>
/// <param name="Scope">What it may do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, or <see langword="null"/>.</param>
public sealed record ApiKey(string Id, string Name, ApiScope Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
