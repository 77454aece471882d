using Flameup.Admin.Tests;

namespace Flameup.Admin.Core.Tests;

// In this project only: [Fact] and [Theory] in the test classes (namespaces under this one) bind to these before the
// global `using Xunit`, so every test of the shared files is skipped, with the reason, when no PostgreSQL answers.

public sealed class FactAttribute : Xunit.FactAttribute
{
    public FactAttribute() { if (PostgresServer.Reason is { } reason) Skip = reason; }
}

public sealed class TheoryAttribute : Xunit.TheoryAttribute
{
    public TheoryAttribute() { if (PostgresServer.Reason is { } reason) Skip = reason; }
}
