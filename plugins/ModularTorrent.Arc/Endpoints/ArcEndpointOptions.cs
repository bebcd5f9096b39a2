namespace ModularTorrent.Arc.Endpoints;

/// <summary>One ARC endpoint: where it is and the key it wants.</summary>
public sealed record ArcEndpointOptions
{
    /// <summary>A unique short name (case-insensitive), e.g. <c>taal</c> or <c>gorillapool</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The base address, e.g. <c>https://arc.example.com</c>; <c>/v1/...</c> is appended.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The key sent as <c>Authorization: Bearer</c>; none when <see langword="null"/>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Whether the endpoint takes traffic.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Checks the values and returns a precise error, or <see langword="null"/> when they are valid.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            return "An ARC endpoint needs a name.";
        }

        if (Name.Length > 64)
        {
            return $"The ARC endpoint name '{Name[..64]}…' is longer than 64 characters.";
        }

        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            return $"The ARC endpoint '{Name}' needs an absolute http or https base URL.";
        }

        if (ApiKey is not null && ApiKey.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return $"The API key of ARC endpoint '{Name}' contains a line break.";
        }

        return null;
    }
}
