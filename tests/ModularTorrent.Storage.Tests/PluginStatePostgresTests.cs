using ModularTorrent.Storage.Tests.Infrastructure;
using Xunit;

namespace ModularTorrent.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PluginStatePostgresTests(PostgresServer server) : PluginStateContract(server);
