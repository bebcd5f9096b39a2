namespace ModularTorrent.Storage;

/// <summary>
/// Where the database is and how to talk to it. The host binds the <c>Storage</c> configuration
/// section onto this class (<c>Storage:Provider</c>, <c>Storage:ConnectionString</c>,
/// <c>Storage:DataDirectory</c>, …); <see cref="FromKeyValues"/> does the same from plain key/values
/// so this project needs no configuration package.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section the host binds: <c>Storage</c>.</summary>
    public const string SectionName = "Storage";

    /// <summary>The SQLite file name inside the data folder.</summary>
    public const string SqliteFileName = "modulartorrent.db";

    /// <summary><c>sqlite</c> (the default) or <c>postgres</c>; matched without regard to case.</summary>
    public string Provider { get; set; } = StorageProviders.SqliteName;

    /// <summary>
    /// The connection string. Required for PostgreSQL. For SQLite it is optional: when empty the
    /// database is <see cref="SqliteFileName"/> inside <see cref="DataDirectory"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The data folder for the SQLite file; the host sets it to its own data folder when not configured. Defaults to <c>./data</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>How long SQLite waits for another writer's lock before reporting busy (milliseconds).</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>How long to wait for a PostgreSQL server to accept a connection (seconds); <see langword="null"/> keeps the connection string's <c>Timeout</c> (15 s by default).</summary>
    public int? ConnectTimeoutSeconds { get; set; }

    /// <summary>
    /// Reads options from configuration-style key/values, e.g. the host's
    /// <c>IConfiguration.AsEnumerable()</c>. Keys are matched without regard to case and may use
    /// <c>:</c> or <c>__</c> as the separator (<c>Storage:Provider</c>, <c>Storage__Provider</c>).
    /// Unknown keys are ignored; a malformed number is a <see cref="StorageStartupException"/>.
    /// </summary>
    /// <param name="values">The key/values.</param>
    public static StorageOptions FromKeyValues(IEnumerable<KeyValuePair<string, string?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var options = new StorageOptions();
        foreach (var (rawKey, value) in values)
        {
            if (value is null)
            {
                continue;
            }

            var key = rawKey.Replace("__", ":", StringComparison.Ordinal);
            const string prefix = SectionName + ":";
            if (!key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = key[prefix.Length..];
            if (name.Equals(nameof(Provider), StringComparison.OrdinalIgnoreCase))
            {
                options.Provider = value;
            }
            else if (name.Equals(nameof(ConnectionString), StringComparison.OrdinalIgnoreCase))
            {
                options.ConnectionString = value;
            }
            else if (name.Equals(nameof(DataDirectory), StringComparison.OrdinalIgnoreCase))
            {
                options.DataDirectory = value;
            }
            else if (name.Equals(nameof(BusyTimeoutMilliseconds), StringComparison.OrdinalIgnoreCase))
            {
                options.BusyTimeoutMilliseconds = ParseNumber(rawKey, value);
            }
            else if (name.Equals(nameof(ConnectTimeoutSeconds), StringComparison.OrdinalIgnoreCase))
            {
                options.ConnectTimeoutSeconds = ParseNumber(rawKey, value);
            }
        }

        return options;
    }

    /// <summary>The SQLite file path these options lead to when no connection string is set.</summary>
    public string ResolveSqlitePath()
    {
        var folder = string.IsNullOrWhiteSpace(DataDirectory) ? Path.Combine(Environment.CurrentDirectory, "data") : DataDirectory;
        return Path.GetFullPath(Path.Combine(folder, SqliteFileName));
    }

    private static int ParseNumber(string key, string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new StorageStartupException($"Configuration '{key}' must be a non-negative whole number, not '{value}'.");
}
