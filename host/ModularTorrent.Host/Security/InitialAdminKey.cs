using Microsoft.Extensions.Options;

namespace ModularTorrent.Host.Security;

/// <summary>On the very first start (no key in the database) creates an admin key and prints it once.</summary>
internal sealed class InitialAdminKey(ApiKeyStore keys, IOptions<SecurityOptions> options, ILogger<InitialAdminKey> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateInitialAdminKey || await keys.AnyAsync(cancellationToken))
        {
            return;
        }

        var (key, secret) = await keys.CreateAsync("initial admin", ApiScope.Admin, cancellationToken);
        // Printed to the console only, never to the log pipeline, so it does not end up in log stores.
        await Console.Out.WriteLineAsync($"ModularTorrent: created admin API key '{key.Id}' (shown once, keep it): {secret}");
        logger.LogInformation("Created the initial admin API key {KeyId}", key.Id);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
