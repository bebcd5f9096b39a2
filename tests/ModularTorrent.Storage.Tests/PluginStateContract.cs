using System.Text;
using Xunit;

namespace ModularTorrent.Storage.Tests;

/// <summary>Plugin state rows and the per-plugin key/value store, the same on every provider.</summary>
public abstract class PluginStateContract(ITestDatabases databases) : StorageTestBase(databases)
{
    [Fact]
    public async Task Plugin_state_saves_lists_and_updates_parts()
    {
        var repository = new PluginStateRepository(Factory);
        await repository.SaveAsync("bittorrent", true, """{"port":6881}""");
        await repository.SaveAsync("alpha", false, "{}");

        await repository.SetEnabledAsync("bittorrent", false);
        var afterEnable = await repository.GetAsync("bittorrent");
        Assert.False(afterEnable!.Enabled);
        Assert.Equal("""{"port":6881}""", afterEnable.ConfigurationJson);

        await repository.SetConfigurationAsync("alpha", """{"x": [1, 2]}""");
        var alpha = await repository.GetAsync("alpha");
        Assert.False(alpha!.Enabled);
        Assert.Equal("""{"x": [1, 2]}""", alpha.ConfigurationJson);

        await repository.SetEnabledAsync("fresh", true);
        Assert.Equal("{}", (await repository.GetAsync("fresh"))!.ConfigurationJson);

        Assert.Equal(["alpha", "bittorrent", "fresh"], (await repository.ListAsync()).Select(row => row.PluginId));
        Assert.Null(await repository.GetAsync("missing"));
    }

    [Fact]
    public async Task Configuration_that_is_not_a_json_object_is_rejected()
    {
        var repository = new PluginStateRepository(Factory);

        var broken = await Assert.ThrowsAsync<ArgumentException>(() => repository.SaveAsync("p", true, "{\"a\":"));
        Assert.Contains("not valid JSON", broken.Message, StringComparison.Ordinal);
        var array = await Assert.ThrowsAsync<ArgumentException>(() => repository.SetConfigurationAsync("p", "[1]"));
        Assert.Contains("JSON object", array.Message, StringComparison.Ordinal);

        Assert.Null(await repository.GetAsync("p"));
    }

    [Fact]
    public async Task Deleting_plugin_state_removes_its_keys_only()
    {
        var repository = new PluginStateRepository(Factory);
        await repository.SaveAsync("gone", true, "{}");
        await new DbPluginStateStore(Factory, "gone").SetAsync("k", new byte[] { 1 });
        await new DbPluginStateStore(Factory, "kept").SetAsync("k", new byte[] { 2 });

        Assert.True(await repository.DeleteAsync("gone"));
        Assert.False(await repository.DeleteAsync("gone"));

        Assert.Null(await new DbPluginStateStore(Factory, "gone").GetAsync("k"));
        Assert.Equal([2], await new DbPluginStateStore(Factory, "kept").GetAsync("k"));
    }

    [Fact]
    public async Task Key_values_set_get_replace_and_delete()
    {
        var store = new DbPluginStateStore(Factory, "plugin.a");

        Assert.Null(await store.GetAsync("missing"));
        await store.SetAsync("k", Encoding.UTF8.GetBytes("one"));
        await store.SetAsync("k", Encoding.UTF8.GetBytes("two"));
        await store.SetAsync("empty", ReadOnlyMemory<byte>.Empty);
        var slice = new byte[] { 9, 8, 7, 6 };
        await store.SetAsync("slice", slice.AsMemory(1, 2));

        Assert.Equal("two", Encoding.UTF8.GetString((await store.GetAsync("k"))!));
        Assert.Empty((await store.GetAsync("empty"))!);
        Assert.Equal([8, 7], await store.GetAsync("slice"));
        Assert.True(await store.DeleteAsync("k"));
        Assert.False(await store.DeleteAsync("k"));
        Assert.Null(await store.GetAsync("k"));
    }

    [Fact]
    public async Task Plugins_see_only_their_own_keys()
    {
        var first = new DbPluginStateStore(Factory, "first");
        var second = new DbPluginStateStore(Factory, "second");
        await first.SetAsync("shared", new byte[] { 1 });
        await second.SetAsync("shared", new byte[] { 2 });

        Assert.Equal([1], await first.GetAsync("shared"));
        Assert.Equal([2], await second.GetAsync("shared"));
        Assert.True(await first.DeleteAsync("shared"));
        Assert.Equal([2], await second.GetAsync("shared"));
        Assert.Empty(await first.ListKeysAsync());
    }

    [Fact]
    public async Task List_keys_matches_the_prefix_literally_in_ordinal_order()
    {
        var store = new DbPluginStateStore(Factory, "lister");
        string[] keys = ["peer/b", "peer/a", "peer/B", "peer/%", "peer/_x", "peerless", "peer/é", "peer/😀", "other", "Peer/a"];
        foreach (var key in keys)
        {
            await store.SetAsync(key, new byte[] { 0 });
        }

        var all = await store.ListKeysAsync();
        var peers = await store.ListKeysAsync("peer/");
        var percent = await store.ListKeysAsync("peer/%");
        var emoji = await store.ListKeysAsync("peer/😀");

        Assert.Equal(keys.Order(StringComparer.Ordinal), all);
        Assert.Equal(keys.Where(key => key.StartsWith("peer/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), peers);
        Assert.Equal(["peer/%"], percent);
        Assert.Equal(["peer/😀"], emoji);
    }

    [Fact]
    public async Task Limits_are_enforced_with_a_precise_error()
    {
        var store = new DbPluginStateStore(Factory, "limits");

        var longKey = await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync(new string('k', 201), new byte[] { 1 }));
        Assert.Contains("at most 200", longKey.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SetAsync("big", new byte[DbPluginStateStore.MaxValueLength + 1]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(""));

        var largest = new byte[DbPluginStateStore.MaxValueLength];
        Random.Shared.NextBytes(largest);
        await store.SetAsync(new string('k', 200), largest);
        Assert.Equal(largest, await store.GetAsync(new string('k', 200)));
    }
}
