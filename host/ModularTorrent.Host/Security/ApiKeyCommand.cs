namespace ModularTorrent.Host.Security;

/// <summary>
/// <c>ModularTorrent.Host keys create|list|revoke</c>: manage API keys from the command line
/// against the configured database, without starting the server.
/// </summary>
internal static class ApiKeyCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "keys";

    public static async Task<int> RunAsync(string[] args, ApiKeyStore keys)
    {
        var verb = args.Length > 1 ? args[1] : "help";
        switch (verb)
        {
            case "create":
                var name = Option(args, "--name") ?? "cli";
                var scopeText = Option(args, "--scope") ?? "read";
                if (!Enum.TryParse<ApiScope>(scopeText, ignoreCase: true, out var scope) || !Enum.IsDefined(scope))
                {
                    await Console.Error.WriteLineAsync($"Unknown scope '{scopeText}': use read, operate or admin.");
                    return 2;
                }

                var (key, secret) = await keys.CreateAsync(name, scope);
                await Console.Out.WriteLineAsync($"id={key.Id} scope={scope.ToString().ToLowerInvariant()} key={secret}");
                return 0;
            case "list":
                foreach (var key2 in await keys.ListAsync())
                {
                    await Console.Out.WriteLineAsync($"{key2.Id}\t{key2.Scope.ToString().ToLowerInvariant()}\t{key2.Name}\t{key2.CreatedAt:u}\t{(key2.RevokedAt is null ? "active" : "revoked")}");
                }

                return 0;
            case "revoke" when args.Length > 2:
                var revoked = await keys.RevokeAsync(args[2]);
                await Console.Out.WriteLineAsync(revoked ? $"revoked {args[2]}" : $"no active key {args[2]}");
                return revoked ? 0 : 1;
            default:
                await Console.Error.WriteLineAsync("usage: keys create --name NAME --scope read|operate|admin | keys list | keys revoke ID");
                return 2;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
