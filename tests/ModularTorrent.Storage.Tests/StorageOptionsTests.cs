using Xunit;

namespace ModularTorrent.Storage.Tests;

public sealed class StorageOptionsTests
{
    [Fact]
    public void Key_values_bind_with_colon_or_double_underscore_in_any_case()
    {
        var options = StorageOptions.FromKeyValues(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["STORAGE__CONNECTIONSTRING"] = "Host=db;Database=mt",
            ["storage:dataDirectory"] = "/srv/data",
            ["Storage__BusyTimeoutMilliseconds"] = "750",
            ["Storage:ConnectTimeoutSeconds"] = "3",
            ["Other:Provider"] = "sqlite",
            ["Storage:Unknown"] = "ignored",
        });

        Assert.Equal("postgres", options.Provider);
        Assert.Equal("Host=db;Database=mt", options.ConnectionString);
        Assert.Equal("/srv/data", options.DataDirectory);
        Assert.Equal(750, options.BusyTimeoutMilliseconds);
        Assert.Equal(3, options.ConnectTimeoutSeconds);
    }

    [Fact]
    public void Defaults_are_sqlite_in_the_data_folder()
    {
        var options = StorageOptions.FromKeyValues([]);

        Assert.Equal(StorageProvider.Sqlite, StorageProviders.Parse(options.Provider));
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "data", "modulartorrent.db"), options.ResolveSqlitePath());
        Assert.Equal("/srv/mt/modulartorrent.db", new StorageOptions { DataDirectory = "/srv/mt" }.ResolveSqlitePath());
    }

    [Fact]
    public void A_malformed_number_names_the_key()
    {
        var error = Assert.Throws<StorageStartupException>(() => StorageOptions.FromKeyValues(
            new Dictionary<string, string?> { ["Storage__BusyTimeoutMilliseconds"] = "soon" }));

        Assert.Contains("Storage__BusyTimeoutMilliseconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("'soon'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite", StorageProvider.Sqlite)]
    [InlineData("SQLite", StorageProvider.Sqlite)]
    [InlineData("", StorageProvider.Sqlite)]
    [InlineData("postgres", StorageProvider.Postgres)]
    [InlineData("PostgreSQL", StorageProvider.Postgres)]
    public void Provider_names_parse(string name, StorageProvider expected) => Assert.Equal(expected, StorageProviders.Parse(name));
}
