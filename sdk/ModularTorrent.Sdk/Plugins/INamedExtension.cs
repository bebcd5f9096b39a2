namespace ModularTorrent.Sdk.Plugins;

/// <summary>An extension that users choose by name (a policy, a strategy, a handler).</summary>
public interface INamedExtension
{
    /// <summary>A short stable name such as <c>rarest-first</c>; lower case, no spaces.</summary>
    string Name { get; }
}
