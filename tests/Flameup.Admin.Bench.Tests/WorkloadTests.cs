using System.Text.Json;

namespace Flameup.Admin.Bench.Tests;

public sealed class WorkloadTests
{
    static readonly Workload Sample = new()
    {
        Sample = Enumerable.Range(1, 50).Select(i => new SamplePerson(i, Guid.NewGuid().ToString(), $"user_{i:D7}", $"p{i}@example.org")).ToList(),
        PeopleCount = 50,
        RareTerm = "0000007",
        RunTag = "t1",
    };

    [Fact]
    public void Write_rows_update_half_sampled_people_and_create_half_new_ones()
    {
        var rows = Sample.Rows("api", 3, 100);
        Assert.Equal(100, rows.Count);
        var known = Sample.Sample.Select(p => p.UserId).ToHashSet();
        Assert.Equal(50, rows.Count(r => known.Contains(r.UserId)));
        var fresh = rows.Where(r => !known.Contains(r.UserId)).Select(r => r.UserId).ToList();
        Assert.Equal(50, fresh.Distinct().Count());
        Assert.DoesNotContain(fresh, u => Sample.Rows("floor", 3, 100).Any(f => f.UserId == u)); // product and floor never share new people
        Assert.Empty(fresh.Intersect(new Workload { Sample = Sample.Sample, PeopleCount = 50, RareTerm = "x", RunTag = "t2" }.Rows("api", 3, 100).Select(r => r.UserId)));
    }

    [Fact]
    public void Batch_body_is_the_api_shape()
    {
        using var doc = JsonDocument.Parse(Workload.BatchJson(Sample.Rows("api", 0, 3)));
        var people = doc.RootElement.GetProperty("people");
        Assert.Equal(3, people.GetArrayLength());
        foreach (var p in people.EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(p.GetProperty("userId").GetString()));
            Assert.Contains("@", p.GetProperty("email").GetString());
            Assert.Equal(JsonValueKind.Object, p.GetProperty("traits").ValueKind);
        }
    }
}
