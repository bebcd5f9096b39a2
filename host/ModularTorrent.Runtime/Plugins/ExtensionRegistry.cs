using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>
/// The host-wide directory of extensions. Every entry remembers its owner (a plugin id or
/// <see cref="HostOwner"/>) so everything a plugin registered disappears when it unloads.
/// </summary>
/// <remarks>Copy-on-write: lookups on hot paths read an immutable array without locking.</remarks>
public sealed class ExtensionRegistry : IExtensionRegistry
{
    /// <summary>The owner id of extensions the host itself registers.</summary>
    public const string HostOwner = "host";

    private readonly Lock _gate = new();
    private Entry[] _entries = [];

    /// <summary>Raised after extensions were added or removed. Handlers run on the caller's thread and must not throw.</summary>
    public event EventHandler? Changed;

    /// <inheritdoc />
    public void Register<T>(T extension)
        where T : class => Register(HostOwner, extension);

    /// <summary>Registers an extension on behalf of <paramref name="owner"/>.</summary>
    /// <param name="owner">A plugin id or <see cref="HostOwner"/>.</param>
    /// <param name="extension">The implementation.</param>
    public void Register(string owner, object extension)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(extension);
        lock (_gate)
        {
            _entries = [.. _entries, new Entry(owner, extension)];
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Removes everything <paramref name="owner"/> registered; returns how many entries went.</summary>
    /// <param name="owner">A plugin id.</param>
    public int RemoveOwner(string owner)
    {
        int removed;
        lock (_gate)
        {
            var kept = Array.FindAll(_entries, e => !string.Equals(e.Owner, owner, StringComparison.Ordinal));
            removed = _entries.Length - kept.Length;
            _entries = kept;
        }

        if (removed > 0)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }

        return removed;
    }

    /// <summary>What <paramref name="owner"/> registered, as <c>Interface:name</c> labels.</summary>
    /// <param name="owner">A plugin id.</param>
    public IReadOnlyList<string> DescribeOwner(string owner)
    {
        var result = new List<string>();
        foreach (var entry in _entries)
        {
            if (!string.Equals(entry.Owner, owner, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var contract in entry.Extension.GetType().GetInterfaces())
            {
                if (contract.Assembly != typeof(IPlugin).Assembly || contract == typeof(INamedExtension))
                {
                    continue;
                }

                result.Add(entry.Extension is INamedExtension named ? $"{contract.Name}:{named.Name}" : contract.Name);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public IReadOnlyList<T> GetAll<T>()
        where T : class
    {
        var entries = _entries;
        var result = new List<T>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.Extension is T match)
            {
                result.Add(match);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public T? Find<T>(string name)
        where T : class, INamedExtension
    {
        foreach (var entry in _entries)
        {
            if (entry.Extension is T match && string.Equals(match.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return match;
            }
        }

        return null;
    }

    private sealed record Entry(string Owner, object Extension);
}
