namespace ModularTorrent.Runtime.Plugins;

/// <summary>Orders plugin slots so every plugin comes after the plugins it depends on.</summary>
internal static class DependencyOrder
{
    // Depth-first topological sort; a cycle or an unknown dependency just leaves the order as found,
    // and the load itself then reports the missing dependency.
    public static IEnumerable<PluginSlot> Sort(IEnumerable<PluginSlot> slots)
    {
        var all = slots.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var byId = new Dictionary<string, PluginSlot>(StringComparer.Ordinal);
        foreach (var slot in all)
        {
            byId.TryAdd(slot.Id, slot);
        }

        var visited = new HashSet<PluginSlot>();
        var result = new List<PluginSlot>(all.Count);
        foreach (var slot in all)
        {
            Visit(slot, byId, visited, result, depth: 0);
        }

        return result;
    }

    private static void Visit(PluginSlot slot, Dictionary<string, PluginSlot> byId, HashSet<PluginSlot> visited, List<PluginSlot> result, int depth)
    {
        if (depth > 64 || !visited.Add(slot))
        {
            return;
        }

        foreach (var dependency in slot.Manifest?.Dependencies ?? [])
        {
            if (byId.TryGetValue(dependency, out var target))
            {
                Visit(target, byId, visited, result, depth + 1);
            }
        }

        result.Add(slot);
    }
}
