using ModularTorrent.Cli;

return await MtApp.RunAsync(args, CliEnvironment.FromConsole());
