using System.Globalization;
using ModularTorrent.Arc;
using ModularTorrent.Arc.Endpoints;
using ModularTorrent.Arc.Outbox;
using ModularTorrent.Storage;

// Usage:
//   KillTarget enqueue <dataDir> <arcUrl> <count> <txPerSecond>   store <count> new transactions, print "STORED <txid>" for each, then send
//   KillTarget resume  <dataDir> <arcUrl> <txPerSecond>           send what the outbox holds as pending
// Every finished broadcast prints "RESULT <txid> <outcome>"; the end prints "DONE <state>=<count> ...".
if (args.Length < 4 || (args[0] != "enqueue" && args[0] != "resume"))
{
    await Console.Error.WriteLineAsync("usage: enqueue <dataDir> <arcUrl> <count> <txPerSecond> | resume <dataDir> <arcUrl> <txPerSecond>");
    return 2;
}

var resume = args[0] == "resume";
var dataDir = args[1];
var arcUrl = new Uri(args[2]);
var count = resume ? 0 : int.Parse(args[3], CultureInfo.InvariantCulture);
var rate = double.Parse(args[resume ? 3 : 4], CultureInfo.InvariantCulture);

var factory = await StorageBootstrap.InitializeAsync(new StorageOptions { DataDirectory = dataDir }, [new ArcMigrations()]);
var outbox = new SqlArcOutbox(factory);
var options = new ArcClientOptions
{
    Endpoints = [new ArcEndpointOptions { Name = "test", BaseUrl = arcUrl }],
    TransactionsPerSecond = rate,
    Burst = 1,
    MaxBatchSize = 1,
    MaxConcurrentRequests = 4,
    RequestTimeout = TimeSpan.FromSeconds(10),
};

var output = TextWriter.Synchronized(Console.Out);
await using var broadcaster = new ArcBroadcaster(options, outbox: outbox);
broadcaster.BroadcastCompleted += (_, result) => output.WriteLine($"RESULT {result.Txid} {result.Outcome}");
var sends = new List<Task<BroadcastResult>>();
for (var i = 0; i < count; i++)
{
    var raw = new byte[150];
    Random.Shared.NextBytes(raw);
    var tx = ArcTransaction.FromRaw(raw);
    sends.Add(await broadcaster.EnqueueAsync(tx));
    output.WriteLine($"STORED {tx.Txid}");
}

output.WriteLine("ALL-STORED");
await broadcaster.StartAsync();
await Task.WhenAll(sends);

// Resumed transactions are queued by StartAsync; wait until the outbox holds nothing pending.
var deadline = DateTime.UtcNow.AddMinutes(2);
while ((await outbox.ListAsync(OutboxState.Pending)).Count > 0)
{
    if (DateTime.UtcNow > deadline)
    {
        await Console.Error.WriteLineAsync("Pending transactions did not drain within 2 minutes.");
        return 1;
    }

    await Task.Delay(50);
}

var states = new List<string>();
foreach (var state in Enum.GetValues<OutboxState>())
{
    states.Add($"{state}={(await outbox.ListAsync(state)).Count}");
}

output.WriteLine("DONE " + string.Join(' ', states));
return 0;
