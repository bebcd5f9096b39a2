using ModularTorrent.Storage.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModularTorrent.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ReliabilityPostgresTests(PostgresServerFixture server, ITestOutputHelper output) : ReliabilityContract(server, output);
