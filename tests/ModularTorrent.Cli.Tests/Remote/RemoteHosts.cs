namespace ModularTorrent.Cli.Tests.Remote;

/// <summary>Two host processes shared by the remote tests: one seeds (made through the API), one downloads.</summary>
public sealed class RemoteHosts : IAsyncLifetime
{
    public RemoteHost Seeder { get; private set; } = null!;

    public RemoteHost Leecher { get; private set; } = null!;

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
