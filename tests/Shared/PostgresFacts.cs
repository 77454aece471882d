using Flameup.Admin.Tests;

// In namespace Flameup.Admin, which encloses every test namespace, and compiled only into the PostgreSQL test projects:
// [Fact] and [Theory] in the shared test files bind to these before the global `using Xunit`, so every test is
// skipped, with the reason, when no PostgreSQL answers.
namespace Flameup.Admin;

public sealed class FactAttribute : Xunit.FactAttribute
{
    public FactAttribute() { if (PostgresServer.Reason is { } reason) Skip = reason; }
}

public sealed class TheoryAttribute : Xunit.TheoryAttribute
{
    public TheoryAttribute() { if (PostgresServer.Reason is { } reason) Skip = reason; }
}
