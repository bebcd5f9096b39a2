using ModularTorrent.Storage.Tests.Infrastructure;

namespace ModularTorrent.Scripting.Tests.Rules;

[Collection(PostgresCollection.Name)]
public sealed class RulesServicePostgresTests(PostgresServerFixture server) : RulesServiceContract(server);
