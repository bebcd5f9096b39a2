namespace ModularTorrent.Scripting.Tests.Rules;

public sealed class RulesServiceSqliteTests() : RulesServiceContract(new SqliteTestDatabases());
