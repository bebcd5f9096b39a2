using System.Globalization;
using Spectre.Console;

namespace ModularTorrent.Cli.Remote;

/// <summary><c>mt list</c>: the host's torrents as a table, or the API's JSON with <c>--json</c>.</summary>
public static class ListCommand
{
    /// <summary>Lists the torrents.</summary>
    /// <param name="connection">The host and key.</param>
    /// <param name="state">Only this state, or null.</param>
    /// <param name="sort">Sort key, or null.</param>
    /// <param name="descending">Sort descending.</param>
    /// <param name="limit">At most this many, or null.</param>
    /// <param name="json">Print the raw JSON page.</param>
    /// <param name="environment">The console.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RunAsync(
        RemoteConnection connection, string? state, string? sort, bool descending, int? limit, bool json, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        using var client = new MtApiClient(connection);
        var (page, raw) = await client.ListAsync(state, sort, descending, limit, cancellationToken);
        if (json)
        {
            environment.WriteLine(raw);
            return ExitCodes.Success;
        }

        if (page.Items.Count == 0)
        {
            environment.WriteLine(page.Total == 0 ? "No torrents." : string.Create(CultureInfo.InvariantCulture, $"No torrents on this page ({page.Total} in all)."));
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("Info-hash").NoWrap());
        table.AddColumn("Name");
        table.AddColumn(new TableColumn("State").NoWrap());
        table.AddColumn(new TableColumn("Progress").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("Size").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("Down").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("Up").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("Peers").RightAligned().NoWrap());
        foreach (var t in page.Items)
        {
            table.AddRow(
                Markup.Escape(t.InfoHash),
                Markup.Escape(t.Name),
                Markup.Escape(t.State),
                string.Create(CultureInfo.InvariantCulture, $"{t.Progress * 100:0.0}%"),
                ByteSize.Format(t.TotalBytes),
                ByteSize.Format(t.DownloadRate) + "/s",
                ByteSize.Format(t.UploadRate) + "/s",
                t.Peers.ToString(CultureInfo.InvariantCulture));
        }

        RemoteOutput.Write(environment, table);
        environment.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{page.Items.Count} of {page.Total} torrents."));
        return ExitCodes.Success;
    }
}
