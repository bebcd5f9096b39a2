using System.CommandLine;
using System.CommandLine.Parsing;

namespace ModularTorrent.Cli.Remote;

/// <summary>
/// The commands that drive a running host over its REST API and event stream: <c>add</c>,
/// <c>list</c>, <c>info</c>, <c>pause</c>, <c>resume</c>, <c>remove</c>, <c>watch</c>. Each takes
/// <c>--host</c> (or <c>MT_HOST</c>) and <c>--key</c> (or <c>MT_API_KEY</c>).
/// </summary>
public static class RemoteCommands
{
    /// <summary>Adds the remote commands to <paramref name="root"/>.</summary>
    /// <param name="root">The <c>mt</c> root command.</param>
    /// <param name="environment">Console and clock.</param>
    public static void AddTo(RootCommand root, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Subcommands.Add(BuildAdd(environment));
        root.Subcommands.Add(BuildList(environment));
        root.Subcommands.Add(BuildInfo(environment));
        root.Subcommands.Add(BuildAction(environment, "pause", "Pause a torrent on the host."));
        root.Subcommands.Add(BuildAction(environment, "resume", "Resume a paused torrent on the host."));
        root.Subcommands.Add(BuildRemove(environment));
        root.Subcommands.Add(BuildWatch(environment));
    }

    private static Command BuildAdd(CliEnvironment environment)
    {
        var source = new Argument<string>("SOURCE") { Description = "A magnet link, an http(s) URL of a .torrent, or a local .torrent file (uploaded)." };
        var savePath = new Option<string>("--save-path") { Description = "The folder on the host to download into (absolute; default: the host's)." };
        var policy = new Option<string>("--policy") { Description = "The piece-selection policy (e.g. rarest-first)." };
        var paused = new Option<bool>("--paused") { Description = "Add without starting." };
        var peers = new Option<string[]>("--peer") { Description = "A peer for the host to connect to, HOST:PORT (repeatable).", AllowMultipleArgumentsPerToken = false };
        var remote = new HostOptions();
        var command = new Command("add", "Add a torrent to the host; prints its info-hash.") { source, savePath, policy, paused, peers };
        remote.AddTo(command);
        command.SetAction((parse, token) => GuardAsync(environment, () => AddCommand.RunAsync(
            remote.Read(parse),
            parse.GetValue(source)!,
            new AddOptions(parse.GetValue(savePath), parse.GetValue(policy), parse.GetValue(paused), parse.GetValue(peers) ?? []),
            environment,
            token), token));
        return command;
    }

    private static Command BuildList(CliEnvironment environment)
    {
        var state = new Option<string>("--state") { Description = "Only torrents in this state (downloading, seeding, paused, error, ...)." };
        var sort = new Option<string>("--sort") { Description = "Sort by addedAt, name, progress, state, downloadRate, uploadRate or totalBytes." };
        var descending = new Option<bool>("--desc") { Description = "Sort descending." };
        var limit = new Option<int?>("--limit") { Description = "At most this many (1-500; default 50)." };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of a table." };
        var remote = new HostOptions();
        var command = new Command("list", "List the torrents on the host.") { state, sort, descending, limit, json };
        remote.AddTo(command);
        command.SetAction((parse, token) => GuardAsync(environment, () => ListCommand.RunAsync(
            remote.Read(parse), parse.GetValue(state), parse.GetValue(sort), parse.GetValue(descending), parse.GetValue(limit), parse.GetValue(json), environment, token), token));
        return command;
    }

    private static Command BuildInfo(CliEnvironment environment)
    {
        var infoHash = InfoHashArgument();
        var remote = new HostOptions();
        var command = new Command("info", "Show a torrent on the host: details, files and peers.") { infoHash };
        remote.AddTo(command);
        command.SetAction((parse, token) => GuardAsync(environment, () => InfoCommand.RunAsync(remote.Read(parse), parse.GetValue(infoHash)!, environment, token), token));
        return command;
    }

    private static Command BuildAction(CliEnvironment environment, string action, string description)
    {
        var infoHash = InfoHashArgument();
        var remote = new HostOptions();
        var command = new Command(action, description) { infoHash };
        remote.AddTo(command);
        command.SetAction((parse, token) => GuardAsync(environment, () => ActionCommand.RunAsync(remote.Read(parse), parse.GetValue(infoHash)!, action, environment, token), token));
        return command;
    }

    private static Command BuildRemove(CliEnvironment environment)
    {
        var infoHash = InfoHashArgument();
        var deleteData = new Option<bool>("--delete-data") { Description = "Also delete the torrent's files on the host." };
        var remote = new HostOptions();
        var command = new Command("remove", "Remove a torrent from the host.") { infoHash, deleteData };
        remote.AddTo(command);
        command.SetAction((parse, token) => GuardAsync(environment, () => ActionCommand.RemoveAsync(remote.Read(parse), parse.GetValue(infoHash)!, parse.GetValue(deleteData), environment, token), token));
        return command;
    }

    private static Command BuildWatch(CliEnvironment environment)
    {
        var infoHashes = new Argument<string[]>("INFOHASH") { Description = "The torrents to watch (default: every torrent on the host now).", Arity = ArgumentArity.ZeroOrMore };
        var maxTime = new Option<TimeSpan?>("--max-time")
        {
            Description = "Give up (exit 3) after this long: 90, 90s, 15m, 2h, 1h30m.",
            CustomParser = ParseDuration,
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Write every event-stream message to standard error." };
        var remote = new HostOptions();
        var command = new Command("watch", "Show live progress from the host; exits 0 once every watched torrent has completed.") { infoHashes, maxTime, verbose };
        remote.AddTo(command);
        command.SetAction((parse, token) => GuardAsync(environment, () => WatchCommand.RunAsync(
            remote.Read(parse), parse.GetValue(infoHashes) ?? [], parse.GetValue(maxTime), environment, token, parse.GetValue(verbose)), token));
        return command;
    }

    private static Argument<string> InfoHashArgument() => new("INFOHASH") { Description = "The torrent's info-hash (40 or 64 hex digits)." };

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (DurationParser.TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"--max-time '{text}' is not a positive duration (examples: 90, 90s, 15m, 2h, 1h30m).");
        return null;
    }

    /// <summary>Turns expected failures into one line on standard error and an exit code; never a stack trace.</summary>
    private static async Task<int> GuardAsync(CliEnvironment environment, Func<Task<int>> run, CancellationToken token)
    {
        try
        {
            return await run();
        }
        catch (CliException ex)
        {
            await environment.Error.WriteLineAsync($"mt: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync("mt: interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Net.WebSockets.WebSocketException)
        {
            await environment.Error.WriteLineAsync($"mt: {ex.Message}");
            return ExitCodes.TransferFailed;
        }
    }

    /// <summary><c>--host</c> and <c>--key</c>, read with their environment variables.</summary>
    private sealed class HostOptions
    {
        private readonly Option<string> _host = new("--host")
        {
            Description = $"The host's URL (default: $MT_HOST, else {RemoteConnection.DefaultHost}).",
        };

        // No default value shown in help: it would print the key from the environment.
        private readonly Option<string> _key = new("--key")
        {
            Description = "The API key (default: $MT_API_KEY).",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(_host);
            command.Options.Add(_key);
        }

        public RemoteConnection Read(ParseResult parse) =>
            RemoteConnection.Parse(parse.GetValue(_host), parse.GetValue(_key), Environment.GetEnvironmentVariable);
    }
}
