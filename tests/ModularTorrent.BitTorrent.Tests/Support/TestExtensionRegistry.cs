using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.BitTorrent.Tests.Support;

public sealed class TestExtensionRegistry : IExtensionRegistry
{
    private readonly List<object> _items = [];
    private readonly Lock _lock = new();

    public void Register<T>(T extension)
        where T : class
    {
        lock (_lock)
        {
            _items.Add(extension);
        }
    }

    public IReadOnlyList<T> GetAll<T>()
        where T : class
    {
        lock (_lock)
        {
            return _items.OfType<T>().ToList();
        }
    }

    public T? Find<T>(string name)
        where T : class, INamedExtension
    {
        lock (_lock)
        {
            return _items.OfType<T>().FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }
}
