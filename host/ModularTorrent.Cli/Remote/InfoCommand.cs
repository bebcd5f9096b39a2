using System.Globalization;
using Spectre.Console;

namespace ModularTorrent.Cli.Remote;

/// <summary><c>mt info INFOHASH</c>: one torrent's details, files and connected peers.</summary>
public static class InfoCommand
{
    /// <summary>Shows the torrent.</summary>
    /// <param name="connection">The host and key.</param>
    /// <param name="infoHash">The info-hash.</param>
    /// <param name="environment">The console.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RunAsync(RemoteConnection connection, string infoHash, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        using var client = new MtApiClient(connection);
        var t = await client.GetAsync(infoHash, cancellationToken);
        var details = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string? value) => details.AddRow(Markup.Escape(name), Markup.Escape(value ?? "-"));
        Row("Name", t.Name);
        Row("Info-hash", t.InfoHash);
        Row("State", t.Error is null ? t.State : $"{t.State}: {t.Error}");
        Row("Progress", string.Create(CultureInfo.InvariantCulture, $"{t.Progress * 100:0.0}% ({ByteSize.Format(t.VerifiedBytes)} of {ByteSize.Format(t.TotalBytes)}, {t.PieceCount} pieces)"));
        Row("Transferred", $"down {ByteSize.Format(t.DownloadedBytes)}, up {ByteSize.Format(t.UploadedBytes)}");
        Row("Rates", $"down {ByteSize.Format(t.DownloadRate)}/s, up {ByteSize.Format(t.UploadRate)}/s");
        Row("Peers", string.Create(CultureInfo.InvariantCulture, $"{t.Peers} ({t.Seeds} seeds)"));
        Row("ETA", t.EtaSeconds is { } eta ? TimeSpan.FromSeconds(eta).ToString("c", CultureInfo.InvariantCulture) : null);
        Row("Policy", t.SelectionPolicy);
        Row("Save path", t.SavePath);
        Row("Added", t.AddedAt.ToString("u", CultureInfo.InvariantCulture));
        Row("Completed", t.CompletedAt?.ToString("u", CultureInfo.InvariantCulture));
        RemoteOutput.Write(environment, details);

        // Files and peers exist only while a handler runs the torrent (409 otherwise): say so, keep the rest.
        var files = await OptionalAsync(() => client.GetFilesAsync(t.InfoHash, cancellationToken));
        environment.WriteLine(string.Empty);
        if (files.Items is { } fileList)
        {
            environment.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Files ({fileList.Count}):"));
            var table = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("#").RightAligned()).AddColumn("Path")
                .AddColumn(new TableColumn("Size").RightAligned().NoWrap()).AddColumn(new TableColumn("Done").RightAligned().NoWrap()).AddColumn("Priority");
            foreach (var f in fileList)
            {
                table.AddRow(
                    f.Index.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(f.Path),
                    ByteSize.Format(f.Length),
                    string.Create(CultureInfo.InvariantCulture, $"{(f.Length == 0 ? 100 : f.BytesCompleted * 100.0 / f.Length):0.0}%"),
                    Markup.Escape(f.Priority ?? "-"));
            }

            RemoteOutput.Write(environment, table);
        }
        else
        {
            environment.WriteLine($"Files: not available ({files.Reason}).");
        }

        var peers = await OptionalAsync(() => client.GetPeersAsync(t.InfoHash, cancellationToken));
        if (peers.Items is { Count: > 0 } peerList)
        {
            environment.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peers ({peerList.Count}):"));
            var table = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("Endpoint").NoWrap()).AddColumn("Client")
                .AddColumn(new TableColumn("Has").RightAligned()).AddColumn(new TableColumn("Down").RightAligned()).AddColumn(new TableColumn("Up").RightAligned()).AddColumn("Flags");
            foreach (var p in peerList)
            {
                table.AddRow(
                    Markup.Escape(p.Endpoint),
                    Markup.Escape(p.Client ?? "-"),
                    string.Create(CultureInfo.InvariantCulture, $"{p.Progress * 100:0.0}%"),
                    ByteSize.Format(p.DownloadRate) + "/s",
                    ByteSize.Format(p.UploadRate) + "/s",
                    Markup.Escape(p.Flags ?? string.Empty));
            }

            RemoteOutput.Write(environment, table);
        }
        else
        {
            environment.WriteLine(peers.Items is null ? $"Peers: not available ({peers.Reason})." : "Peers: none connected.");
        }

        return ExitCodes.Success;
    }

    private static async Task<(IReadOnlyList<T>? Items, string? Reason)> OptionalAsync<T>(Func<Task<IReadOnlyList<T>>> read)
    {
        try
        {
            return (await read(), null);
        }
        catch (CliException ex) when (ex.ExitCode == ExitCodes.TransferFailed && ex.Message.StartsWith("Conflict", StringComparison.Ordinal))
        {
            return (null, ex.Message);
        }
    }
}
