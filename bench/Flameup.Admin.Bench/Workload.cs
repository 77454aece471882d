using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Bench;

public sealed record SamplePerson(long Pk, string Id, string UserId, string Email);

/// <summary>One person to upsert: an existing userId (a trait change) or a new one.</summary>
public sealed record UpsertRow(string UserId, string Email, string TraitsJson);

/// <summary>
/// What the scenarios ask for: a random sample of stored people (to GET, find and update), search terms,
/// and rows to upsert. Product and floor get different rows drawn the same way, so neither sees the
/// other's writes as no-ops.
/// </summary>
public sealed class Workload
{
    public required IReadOnlyList<SamplePerson> Sample { get; init; }
    public required long PeopleCount { get; init; }
    /// <summary>A substring that hits a handful of people (digits of one userId).</summary>
    public required string RareTerm { get; init; }

    /// <summary>Makes the new userIds of this run new even on a database reused from an earlier run.</summary>
    public string RunTag { get; init; } = DateTime.UtcNow.ToString("HHmmss");

    public SamplePerson Pick(long sequence) => Sample[(int)((sequence * 7919) % Sample.Count)];

    public static async Task<Workload> LoadAsync(string dbPath, string ws, int sampleSize, int seed)
    {
        await using var c = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
        await c.OpenAsync();
        await using var count = c.CreateCommand();
        count.CommandText = "SELECT count(*), coalesce(max(pk), 0) FROM people WHERE workspace_id = @ws";
        count.Parameters.AddWithValue("@ws", ws);
        long total, maxPk;
        await using (var r = await count.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            total = r.GetInt64(0);
            maxPk = r.GetInt64(1);
        }
        var random = new Random(seed);
        var pks = RandomPks(random, sampleSize, maxPk);
        var sample = new List<SamplePerson>();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT pk, id, user_id, coalesce(email, '') FROM people WHERE workspace_id = @ws AND pk IN (SELECT value FROM json_each(@pks))";
        cmd.Parameters.AddWithValue("@ws", ws);
        cmd.Parameters.AddWithValue("@pks", JsonSerializer.Serialize(pks));
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync() && sample.Count < sampleSize)
                sample.Add(new SamplePerson(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        if (sample.Count == 0) throw new InvalidOperationException($"No people in {ws} of {dbPath}.");
        return From(sample, total, random);
    }

    /// <summary>
    /// Sample keys to look up: <paramref name="sampleSize"/> × 2 random pks in 1..<paramref name="maxPk"/>, distinct
    /// (the same draw on every provider).
    /// </summary>
    public static long[] RandomPks(Random random, int sampleSize, long maxPk) =>
        Enumerable.Range(0, sampleSize * 2).Select(_ => random.NextInt64(1, maxPk + 1)).Distinct().ToArray();

    /// <summary>The workload of a sample read from any database: shuffled with <paramref name="random"/>, and a rare search term.</summary>
    public static Workload From(List<SamplePerson> sample, long total, Random random)
    {
        sample = sample.OrderBy(_ => random.Next()).ToList();
        // The digits of a generated userId: a handful of hits (the userId, and emails with that number).
        var generated = sample.FirstOrDefault(p => p.UserId.StartsWith("user_"))?.UserId;
        var rare = generated is null ? sample[0].UserId : generated[5..];
        return new Workload { Sample = sample, PeopleCount = total, RareTerm = rare };
    }

    /// <summary>
    /// The rows of write number <paramref name="sequence"/> for <paramref name="tag"/> (product or floor):
    /// half update a sampled person's traits, half create a new person.
    /// </summary>
    public IReadOnlyList<UpsertRow> Rows(string tag, long sequence, int count)
    {
        var rows = new List<UpsertRow>(count);
        for (var i = 0; i < count; i++)
        {
            var n = sequence * count + i;
            var traits = $$"""{"plan":"{{(n % 3 == 0 ? "pro" : "enterprise")}}","bench_{{tag}}_seq":{{n}}}""";
            if (n % 2 == 0)
            {
                var p = Sample[(int)((n * 104729 + tag.Length) % Sample.Count)];
                rows.Add(new UpsertRow(p.UserId, p.Email, traits));
            }
            else rows.Add(new UpsertRow($"bench_{tag}{RunTag}_{n}", $"bench.{tag}{RunTag}.{n}@example.net", traits));
        }
        return rows;
    }

    public static string PersonJson(UpsertRow row) =>
        $$"""{"userId":{{JsonSerializer.Serialize(row.UserId)}},"email":{{JsonSerializer.Serialize(row.Email)}},"traits":{{row.TraitsJson}}}""";

    public static string BatchJson(IReadOnlyList<UpsertRow> rows)
    {
        var sb = new StringBuilder("{\"people\":[");
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(PersonJson(rows[i]));
        }
        return sb.Append("]}").ToString();
    }
}
