namespace ModularTorrent.Sdk.Plugins;

/// <summary>
/// The host's directory of extensions (protocol handlers, piece policies, payment strategies,
/// incentive rules). A plugin registers what it provides; anyone may look extensions up.
/// </summary>
/// <remarks>
/// Registrations belong to the registering plugin and disappear when it unloads, so callers
/// should look an extension up when they need it rather than keep it for long: holding on to an
/// extension of another plugin keeps that plugin from unloading.
/// </remarks>
public interface IExtensionRegistry
{
    /// <summary>Registers an extension under every SDK interface it implements.</summary>
    /// <typeparam name="T">The SDK interface it is registered as.</typeparam>
    /// <param name="extension">The implementation.</param>
    void Register<T>(T extension)
        where T : class;

    /// <summary>All extensions registered as <typeparamref name="T"/>, in registration order.</summary>
    /// <typeparam name="T">An SDK interface.</typeparam>
    IReadOnlyList<T> GetAll<T>()
        where T : class;

    /// <summary>The extension of type <typeparamref name="T"/> named <paramref name="name"/> (ordinal, case-insensitive), or <see langword="null"/>.</summary>
    /// <typeparam name="T">An SDK interface that extends <see cref="INamedExtension"/>.</typeparam>
    /// <param name="name">The extension's <see cref="INamedExtension.Name"/>.</param>
    T? Find<T>(string name)
        where T : class, INamedExtension;
}
