using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>The registry as one plugin sees it: its registrations are recorded under its id.</summary>
internal sealed class OwnedExtensionRegistry(ExtensionRegistry registry, string owner) : IExtensionRegistry
{
    public void Register<T>(T extension)
        where T : class => registry.Register(owner, extension);

    public IReadOnlyList<T> GetAll<T>()
        where T : class => registry.GetAll<T>();

    public T? Find<T>(string name)
        where T : class, INamedExtension => registry.Find<T>(name);
}
