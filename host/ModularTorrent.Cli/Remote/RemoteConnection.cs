namespace ModularTorrent.Cli.Remote;

/// <summary>Where the host is and the API key to present.</summary>
/// <param name="BaseAddress">The host's base URL, ending in '/'.</param>
/// <param name="Key">The API key, or null to send none.</param>
public sealed record RemoteConnection(Uri BaseAddress, string? Key)
{
    /// <summary>The host when neither <c>--host</c> nor <c>MT_HOST</c> says otherwise.</summary>
    public const string DefaultHost = "http://127.0.0.1:5080";

    /// <summary>Reads <c>--host</c> (a URL, or HOST:PORT taken as http) and <c>--key</c>.</summary>
    /// <param name="host">The host as given, or null for <c>MT_HOST</c> or the default.</param>
    /// <param name="key">The key as given, or null for <c>MT_API_KEY</c>.</param>
    /// <param name="environmentVariable">Reads an environment variable (the process's in the program).</param>
    /// <exception cref="CliException">The host is not an http(s) URL.</exception>
    public static RemoteConnection Parse(string? host, string? key, Func<string, string?> environmentVariable)
    {
        ArgumentNullException.ThrowIfNull(environmentVariable);
        var text = NonEmpty(host) ?? NonEmpty(environmentVariable("MT_HOST")) ?? DefaultHost;
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw new CliException($"--host '{text}' is not an http(s) URL (example: {DefaultHost}).");
        }

        if (!uri.AbsolutePath.EndsWith('/'))
        {
            uri = new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
        }

        return new RemoteConnection(uri, NonEmpty(key) ?? NonEmpty(environmentVariable("MT_API_KEY")));
    }

    /// <summary>The host for messages: scheme, host and port.</summary>
    public string Display => BaseAddress.GetLeftPart(UriPartial.Authority);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
