namespace ModularTorrent.Runtime.Plugins;

/// <summary>
/// Watches the plugins folder and reports, per plugin folder, that its files changed once they
/// have been quiet for the debounce interval (copying a build writes many files in a burst).
/// </summary>
internal sealed class PluginFolderWatcher : IDisposable
{
    private readonly string _root;
    private readonly TimeSpan _debounce;
    private readonly Action<string> _changed;
    private readonly Dictionary<string, Timer> _pending = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private bool _disposed;

    public PluginFolderWatcher(string root, TimeSpan debounce, Action<string> changed)
    {
        _root = Path.GetFullPath(root);
        _debounce = debounce;
        _changed = changed;
    }

    public void Start()
    {
        Directory.CreateDirectory(_root);
        _watcher = new FileSystemWatcher(_root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Changed += (_, e) => Touch(e.FullPath);
        _watcher.Created += (_, e) => Touch(e.FullPath);
        _watcher.Deleted += (_, e) => Touch(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            Touch(e.OldFullPath);
            Touch(e.FullPath);
        };
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose()
    {
        lock (_pending)
        {
            _disposed = true;
            foreach (var timer in _pending.Values)
            {
                timer.Dispose();
            }

            _pending.Clear();
        }

        _watcher?.Dispose();
    }

    private void Touch(string fullPath)
    {
        var relative = Path.GetRelativePath(_root, fullPath);
        if (relative.StartsWith("..", StringComparison.Ordinal) || relative == ".")
        {
            return;
        }

        var folder = relative.Split(Path.DirectorySeparatorChar, 2)[0];
        if (folder.StartsWith('.'))
        {
            return;
        }

        lock (_pending)
        {
            if (_disposed)
            {
                return;
            }

            if (_pending.TryGetValue(folder, out var timer))
            {
                timer.Change(_debounce, Timeout.InfiniteTimeSpan);
                return;
            }

            _pending[folder] = new Timer(Fire, folder, _debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire(object? state)
    {
        var folder = (string)state!;
        lock (_pending)
        {
            if (_pending.Remove(folder, out var timer))
            {
                timer.Dispose();
            }

            if (_disposed)
            {
                return;
            }
        }

        _changed(folder);
    }
}
