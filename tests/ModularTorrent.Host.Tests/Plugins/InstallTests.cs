using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularTorrent.Host.Tests.Support;
using ModularTorrent.Runtime.Plugins;

namespace ModularTorrent.Host.Tests.Plugins;

public sealed class InstallTests
{
    [Fact]
    public async Task A_zip_upload_installs_and_loads_the_plugin()
    {
        using var factory = new HostFactory();
        using var client = factory.CreateClient();
        using var content = new MultipartFormDataContent();
        var zip = new ByteArrayContent(ZipFolder(TestPlugins.Output("Probe.V1")));
        zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        content.Add(zip, "package", "probe.zip");

        var response = await client.PostAsync("/api/v1/plugins", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var plugin = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("loaded", plugin.GetProperty("state").GetString());
        Assert.Equal(1, Probe.Pick(factory.Services.GetRequiredService<ExtensionRegistry>()));
        Assert.True(File.Exists(Path.Combine(factory.PluginsDirectory, Probe.Id, "plugin.json")));
    }

    [Fact]
    public async Task An_upgrade_by_zip_replaces_the_running_version()
    {
        using var factory = new HostFactory();
        Probe.Install(factory.PluginsDirectory, "1", Probe.Id);
        using var client = factory.CreateClient();
        using var body = new ByteArrayContent(ZipFolder(TestPlugins.Output("Probe.V2")));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/zip");

        var response = await client.PostAsync("/api/v1/plugins", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, Probe.Pick(factory.Services.GetRequiredService<ExtensionRegistry>()));
    }

    [Theory]
    [InlineData("../escaped.txt")]
    [InlineData("sub/../../escaped.txt")]
    [InlineData("/etc/escaped.txt")]
    public async Task A_zip_whose_entries_escape_the_plugin_folder_is_refused(string entryName)
    {
        using var factory = new HostFactory();
        using var client = factory.CreateClient();
        var bytes = ZipFolder(TestPlugins.Output("Probe.V1"), (entryName, "evil"));
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/zip");

        var response = await client.PostAsync("/api/v1/plugins", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("escapes the plugin folder", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(factory.PluginsDirectory, "..", "escaped.txt")));
        Assert.Empty(Directory.GetDirectories(factory.PluginsDirectory));
    }

    [Fact]
    public async Task Not_a_zip_and_a_missing_field_get_clear_errors()
    {
        using var factory = new HostFactory();
        using var client = factory.CreateClient();
        using var garbage = new ByteArrayContent("not a zip"u8.ToArray());
        garbage.Headers.ContentType = new MediaTypeHeaderValue("application/zip");

        var notZip = await client.PostAsync("/api/v1/plugins", garbage);
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        var missing = await client.PostAsync("/api/v1/plugins", empty);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, notZip.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("package", out _));
    }

    private static byte[] ZipFolder(string folder, params (string Name, string Text)[] extra)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(folder))
            {
                archive.CreateEntryFromFile(file, Path.GetFileName(file));
            }

            foreach (var (name, text) in extra)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return buffer.ToArray();
    }
}
