using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Host.Realtime;

/// <summary>Which events a WebSocket client wants: by transfer id and by event type (prefix match, e.g. <c>transfer</c>).</summary>
/// <param name="TransferIds">Transfer ids to keep; empty keeps all.</param>
/// <param name="Types">Event types or type prefixes to keep; empty keeps all.</param>
internal sealed record EventStreamFilter(IReadOnlySet<string> TransferIds, IReadOnlyList<string> Types)
{
    public static EventStreamFilter Parse(IQueryCollection query)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in query["infoHash"].Concat(query["transferId"]))
        {
            foreach (var id in Split(value))
            {
                ids.Add(id);
            }
        }

        var types = query["types"].Concat(query["type"]).SelectMany(Split).ToList();
        return new EventStreamFilter(ids, types);
    }

    public bool Matches(HostEvent hostEvent, string typeName)
    {
        if (TransferIds.Count > 0 && (hostEvent.TransferId is null || !TransferIds.Contains(hostEvent.TransferId)))
        {
            return false;
        }

        if (Types.Count == 0)
        {
            return true;
        }

        foreach (var type in Types)
        {
            if (typeName.Equals(type, StringComparison.OrdinalIgnoreCase)
                || (typeName.StartsWith(type, StringComparison.OrdinalIgnoreCase) && typeName.Length > type.Length && typeName[type.Length] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    public bool MatchesTransfer(string transferId) => TransferIds.Count == 0 || TransferIds.Contains(transferId);

    private static IEnumerable<string> Split(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
