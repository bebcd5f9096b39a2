using System.Globalization;
using ModularTorrent.Sdk.Protocols;
using ModularTorrent.Storage;

// Usage: ModularTorrent.Storage.KillTarget <sqlite|postgres> <connection string or SQLite data folder> <run id>
// Prints "ready", then one id per committed write, forever (until killed).
if (args.Length != 3)
{
    await Console.Error.WriteLineAsync("usage: ModularTorrent.Storage.KillTarget <sqlite|postgres> <connection string | data folder> <run id>");
    return 64;
}

var options = new StorageOptions { Provider = args[0] };
if (StorageProviders.Parse(args[0]) == StorageProvider.Sqlite)
{
    options.DataDirectory = args[1];
}
else
{
    options.ConnectionString = args[1];
}

IDbConnectionFactory factory;
try
{
    factory = await StorageBootstrap.InitializeAsync(options, []);
}
catch (StorageStartupException error)
{
    await Console.Error.WriteLineAsync(error.Message);
    return 1;
}

var torrents = new TorrentRepository(factory);
var resume = new DbResumeStore(factory);
var runId = args[2];
Console.WriteLine("ready");
for (var sequence = 0L; ; sequence++)
{
    var id = string.Create(CultureInfo.InvariantCulture, $"{runId}-{sequence}");
    var added = await torrents.AddAsync(new TorrentRecord
    {
        Id = id,
        Name = id,
        SourceUri = "magnet:?xt=urn:btih:" + id,
        SavePath = "/data/" + id,
        State = TransferState.Downloading,
        AddedAt = TimeProvider.System.GetUtcNow(),
    });
    if (!added)
    {
        await Console.Error.WriteLineAsync($"id {id} already existed");
        return 2;
    }

    // A second write that depends on the first, so a torn half would show as a torrent without resume data.
    await resume.SaveAsync(new ResumeData(id, [(byte)sequence], [new ResumeFileState(sequence, sequence, sequence)], TimeProvider.System.GetUtcNow()));

    // Printed only after both writes returned, i.e. after their commits.
    Console.WriteLine(id);
}
