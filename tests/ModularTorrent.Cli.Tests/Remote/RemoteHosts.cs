namespace ModularTorrent.Cli.Tests.Remote;

/// <summary>Two host processes shared by the remote tests: one seeds (made through the API), one downloads.</summary>
public sealed class RemoteHosts : IAsyncLifetime
{
    public RemoteHost Seeder { get; private set; } = null!;

    public RemoteHost Leecher { get; private set; } = null!;

    /// <summary>The last lines of both hosts' output, for failure messages.</summary>
    public string Logs() => $"\n--- seeder ---\n{Tail(Seeder.Output)}\n--- leecher ---\n{Tail(Leecher.Output)}";

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];

    public async Task InitializeAsync()
    {
        var seeder = RemoteHost.StartAsync();
        var leecher = RemoteHost.StartAsync();
        Seeder = await seeder;
        Leecher = await leecher;
    }

    public async Task DisposeAsync()
    {
        if (Seeder is not null)
        {
            await Seeder.DisposeAsync();
        }

        if (Leecher is not null)
        {
            await Leecher.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RemoteHostsCollection : ICollectionFixture<RemoteHosts>
{
    public const string Name = "remote hosts";
}
