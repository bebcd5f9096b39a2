using ModularTorrent.Storage.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModularTorrent.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ReliabilityPostgresTests(PostgresServer server, ITestOutputHelper output) : ReliabilityContract(server, output);
