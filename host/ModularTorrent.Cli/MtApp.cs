using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using ModularTorrent.BitTorrent.Encryption;

namespace ModularTorrent.Cli;

/// <summary>The <c>mt</c> command line: <c>get</c> and <c>seed</c>.</summary>
public static class MtApp
{
    // Enough for a clean engine stop after Ctrl+C before the process is ended anyway.
    private static readonly TimeSpan TerminationTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="environment">Console and clock.</param>
    /// <param name="cancellationToken">Stops the command as Ctrl+C would.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = Build(environment);
        var configuration = new InvocationConfiguration
        {
            Output = environment.OutText,
            Error = environment.Error,
            ProcessTerminationTimeout = TerminationTimeout,
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return Task.FromResult(ReportParseErrors(parse, environment));
        }

        return parse.InvokeAsync(configuration, cancellationToken);
    }

    // System.CommandLine ends bad usage with 1, which scripts could not tell from a failed transfer.
    private static int ReportParseErrors(ParseResult parse, CliEnvironment environment)
    {
        foreach (var error in parse.Errors)
        {
            environment.Error.WriteLine($"mt: {error.Message}");
        }

        var command = parse.CommandResult.Command;
        environment.Error.WriteLine(command is RootCommand ? "Run 'mt --help' for usage." : $"Run 'mt {command.Name} --help' for usage.");
        return ExitCodes.InvalidInput;
    }

    /// <summary>Builds the command tree.</summary>
    /// <param name="environment">Console and clock.</param>
    public static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand("ModularTorrent command line: download or seed one torrent, or drive a running host (add, list, info, pause, resume, remove, watch).");
        root.Subcommands.Add(BuildGet(environment));
        root.Subcommands.Add(BuildSeed(environment));
        root.Subcommands.Add(BuildCreate(environment));
        Remote.RemoteCommands.AddTo(root, environment);
        return root;
    }

    private static Command BuildGet(CliEnvironment environment)
    {
        var source = new Argument<string>("SOURCE") { Description = "A .torrent file, an http(s) URL of one, or a magnet link." };
        var output = new Option<string>("--output", "-o") { Description = "The folder to download into (created if missing).", Required = true };
        var common = new CommonOptions(defaultPort: 0);
        var command = new Command("get", "Download a torrent; exits 0 once every piece is verified.") { source, output };
        common.AddTo(command);
        command.SetAction((parse, token) => GuardAsync(environment, () =>
            GetCommand.RunAsync(common.Read(parse, parse.GetValue(source)!, parse.GetValue(output)!), environment, token), token));
        return command;
    }

    private static Command BuildSeed(CliEnvironment environment)
    {
        var torrent = new Argument<string>("TORRENT") { Description = "The .torrent file (or its http(s) URL)." };
        var directory = new Argument<string>("DIR") { Description = "The folder holding the data (as 'get -o DIR' leaves it)." };
        var common = new CommonOptions(defaultPort: 6881);
        var command = new Command("seed", "Check the data in DIR and seed it until stopped (Ctrl+C) or --max-time.") { torrent, directory };
        common.AddTo(command);
        command.SetAction((parse, token) => GuardAsync(environment, () =>
            SeedCommand.RunAsync(common.Read(parse, parse.GetValue(torrent)!, parse.GetValue(directory)!), environment, token), token));
        return command;
    }

    private static Command BuildCreate(CliEnvironment environment)
    {
        var path = new Argument<string>("PATH") { Description = "The file or folder to share." };
        var output = new Option<string>("--output", "-o") { Description = "The .torrent file to write.", Required = true };
        var trackers = new Option<string[]>("--tracker", "-t") { Description = "An announce URL (repeatable; each its own tier)." };
        var command = new Command("create", "Write a .torrent for a file or folder.") { path, output, trackers };
        command.SetAction((parse, token) => GuardAsync(environment, () =>
            CreateCommand.RunAsync(parse.GetValue(path)!, parse.GetValue(output)!, parse.GetValue(trackers) ?? [], environment, token), token));
        return command;
    }

    /// <summary>Turns expected failures into a one-line message and an exit code; nothing else escapes as a stack trace.</summary>
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await environment.Error.WriteLineAsync($"mt: {ex.Message}");
            return ExitCodes.TransferFailed;
        }
    }

    /// <summary>The options <c>get</c> and <c>seed</c> share.</summary>
    private sealed class CommonOptions
    {
        private readonly Option<int> _port;
        private readonly Option<string[]> _peers = new("--peer")
        {
            Description = "A peer to connect to, HOST:PORT (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<TimeSpan?> _maxTime = new("--max-time")
        {
            Description = "Give up (get) or stop (seed) after this long: 90, 90s, 15m, 2h, 1h30m.",
            CustomParser = ParseDuration,
        };

        private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Log engine detail to standard error." };

        private readonly Option<bool> _dht = new("--dht")
        {
            Description = "Run a DHT node (BEP 5) on UDP at --port. Off unless this or --dht-bootstrap is given; there is no built-in bootstrap node.",
        };

        private readonly Option<string[]> _dhtBootstrap = new("--dht-bootstrap")
        {
            Description = "A DHT node to join through, HOST:PORT (repeatable; turns the DHT on).",
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<string?> _dhtState = new("--dht-state")
        {
            Description = "Keep the DHT routing table (node id and known nodes) in FILE between runs: read at start, written every 10 minutes and at exit; a later run rejoins through those nodes without --dht-bootstrap. Turns the DHT on.",
            HelpName = "FILE",
            CustomParser = ParseDhtState,
        };

        private readonly Option<EncryptionMode> _encryption = new("--encryption")
        {
            Description = "Message stream encryption (MSE/PE): enabled (default: offer RC4, fall back to plain; accept both), required (RC4 only), disabled (plain only).",
            HelpName = "MODE",
            DefaultValueFactory = _ => EncryptionMode.Enabled,
            CustomParser = ParseEncryption,
        };

        private readonly Option<bool> _lsd = new("--lsd")
        {
            Description = "Local service discovery (BEP 14): announce public torrents to 239.192.152.143:6771 and dial the local peers heard there. Off unless this or --lsd-interface is given (it multicasts to the local network).",
        };

        private readonly Option<IPAddress?> _lsdInterface = new("--lsd-interface")
        {
            Description = "The IPv4 address of the interface to multicast on (turns LSD on); without it the system chooses.",
            HelpName = "ADDRESS",
            CustomParser = ParseLsdInterface,
        };

        public CommonOptions(int defaultPort)
        {
            _port = new Option<int>("--port", "-p")
            {
                Description = string.Create(CultureInfo.InvariantCulture, $"TCP port for incoming peers; 0 picks a free one (default {defaultPort})."),
                DefaultValueFactory = _ => defaultPort,
            };
            _port.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() is < 0 or > 65535)
                {
                    result.AddError("--port must be between 0 and 65535.");
                }
            });
        }

        public void AddTo(Command command)
        {
            command.Options.Add(_port);
            command.Options.Add(_peers);
            command.Options.Add(_maxTime);
            command.Options.Add(_verbose);
            command.Options.Add(_dht);
            command.Options.Add(_dhtBootstrap);
            command.Options.Add(_dhtState);
            command.Options.Add(_encryption);
            command.Options.Add(_lsd);
            command.Options.Add(_lsdInterface);
        }

        public TransferArguments Read(ParseResult parse, string source, string directory) => new(
            source,
            directory,
            parse.GetValue(_port),
            parse.GetValue(_peers) ?? [],
            parse.GetValue(_maxTime),
            parse.GetValue(_verbose),
            parse.GetValue(_dht),
            parse.GetValue(_dhtBootstrap) ?? [],
            parse.GetValue(_lsd),
            parse.GetValue(_lsdInterface),
            parse.GetValue(_dhtState),
            parse.GetValue(_encryption));

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

        private static EncryptionMode ParseEncryption(ArgumentResult result)
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (MseSettings.TryParseMode(text, out var mode))
            {
                return mode;
            }

            result.AddError($"--encryption '{text}' is not disabled, enabled or required.");
            return EncryptionMode.Enabled;
        }

        // The file itself may be missing (the first run creates it); its folder must exist, so a typo ends the run at once.
        private static string? ParseDhtState(ArgumentResult result)
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (DhtTableFile.TryResolve(text, out var path, out var error))
            {
                return path;
            }

            result.AddError(error);
            return null;
        }

        // Checked here, against this machine's interfaces, so a typo ends the run before anything starts.
        private static IPAddress? ParseLsdInterface(ArgumentResult result)
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (LsdInterfaceParser.TryParse(text, LsdInterfaceParser.LocalAddresses(), out var address, out var error))
            {
                return address;
            }

            result.AddError(error);
            return null;
        }
    }
}
