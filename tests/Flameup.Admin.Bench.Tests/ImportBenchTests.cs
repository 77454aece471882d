using Flameup.Admin.Bench;

namespace Flameup.Admin.Bench.Tests;

public sealed class ImportBenchTests
{
    [Fact]
    public async Task The_import_benchmark_imports_exports_and_measures_its_floor_on_a_small_file()
    {
        var dir = Directory.CreateTempSubdirectory("flameup-import-bench-test-").FullName;
        try
        {
            var log = new StringWriter();
            // It throws when an import fails or leaves rows behind, so finishing is the check; the log says what it measured.
            Assert.Equal(0, await ImportBench.RunAsync(3_000, dir, log));
            var text = log.ToString();
            Assert.Contains("wrote 3,000 rows", text);
            Assert.Matches(@"floor: raw SQLite, 5,000-row transactions: [\d,]+ rows/s", text);
            Assert.Matches(@"import into an empty workspace: [\d,]+ rows/s", text);
            Assert.Matches(@"import where half exist: [\d,]+ rows/s", text);
            Assert.Matches(@"export CSV: [\d,]+ rows/s, NDJSON: [\d,]+ rows/s", text);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
