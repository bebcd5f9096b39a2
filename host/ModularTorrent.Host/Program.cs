using ModularTorrent.Host.Api;
using ModularTorrent.Host.Hosting;
using ModularTorrent.Host.Security;
using ModularTorrent.Storage;

// Regular expressions built by operator scripts must time out; .NET reads this default once, so it goes first.
ModularTorrent.Scripting.Sandbox.RegexTimeout.Install(ModularTorrent.Scripting.Sandbox.SandboxOptions.Default.RegexTimeout);

// Configuration.
var builder = WebApplication.CreateBuilder(args);
var paths = HostPaths.From(builder.Configuration, builder.Environment);

// Storage: the database must be ready (migrated) before anything else starts; a bad
// configuration is one clear line on stderr and exit code 1, never a stack trace alone.
IDbConnectionFactory database;
try
{
    database = await StorageStartup.InitializeAsync(builder.Configuration, paths, CancellationToken.None);
}
catch (StorageStartupException ex)
{
    await Console.Error.WriteLineAsync($"ModularTorrent cannot start: {ex.Message}");
    return 1;
}

// `keys create|list|revoke`: manage API keys against the configured database, then exit.
if (ApiKeyCommand.Matches(args))
{
    return await ApiKeyCommand.RunAsync(args, new ApiKeyStore(database, TimeProvider.System));
}

// Services.
builder.Services.AddModularTorrent(builder.Configuration, paths, database);

// Pipeline.
var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebSockets();
app.UseDefaultFiles();
app.UseStaticFiles();

// Endpoint groups, one file each in Api/.
app.MapOpenApi();
app.MapHealthEndpoints();
app.MapPluginEndpoints();
app.MapTorrentEndpoints();
app.MapTorrentActionEndpoints();
app.MapArcEndpoints();
app.MapRulesEndpoints();
app.MapEventEndpoints();

await app.RunAsync();
return 0;

/// <summary>The host's entry point (public so integration tests can start it in-process).</summary>
public partial class Program;
