namespace ModularTorrent.Scripting.Tests.Rules;

[Collection(PostgresCollection.Name)]
public sealed class RulesServicePostgresTests(PostgresServer server) : RulesServiceContract(server);
