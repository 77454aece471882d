using Flameup.Admin.Core.Common;
using System.Text;
using System.Text.Json;

namespace Flameup.Admin.Core.Demo;

/// <summary>One generated person, ready to insert (traits already serialized).</summary>
public sealed record DemoPerson(Guid Id, string UserId, string Email, string Status, string TraitsJson, long CreatedAtMs);

/// <summary>
/// Realistic-looking people from a seeded random source: names, emails over weighted domains, ten traits
/// of mixed types, statuses 90 % active / 6 % unsubscribed / 4 % bounced. The same seed gives the same people.
/// </summary>
public sealed class DemoPeople(int seed)
{
    /// <summary>The one domain given to 1 % of people: searching for it hits about 1 % of a workspace.</summary>
    public const string OnePercentDomain = "acme.io";
    public const string OnePercentTerm = "acme";

    static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Margaret",
        "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily", "Paul", "Donna", "Joshua", "Michelle",
        "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie",
        "Sofia", "Lukas", "Emma", "Noah", "Olivia", "Liam", "Mia", "Elias", "Hanna", "Jonas",
        "Aiko", "Haruto", "Yuki", "Wei", "Mei", "Arjun", "Priya", "Rahul", "Ananya", "Omar",
        "Fatima", "Youssef", "Layla", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Lucia", "Pedro",
    ];

    static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Tanaka", "Suzuki", "Sato", "Wang", "Li", "Zhang", "Chen", "Patel", "Sharma", "Singh",
        "Haddad", "Khalil", "Rossi", "Russo", "Ferrari", "Silva", "Santos", "Oliveira", "Kowalski", "Novak",
    ];

    // Weights in per mille; together 1000. Only OnePercentDomain contains OnePercentTerm.
    static readonly (string Domain, int Weight)[] Domains =
    [
        ("gmail.com", 310), ("yahoo.com", 120), ("outlook.com", 120), ("hotmail.com", 80), ("icloud.com", 80),
        ("proton.me", 40), ("gmx.de", 40), ("web.de", 30), ("mail.ru", 20), ("fastmail.com", 20),
        ("example.org", 30), ("northwind.com", 30), ("contoso.com", 30), ("globex.net", 20), ("initech.dev", 20),
        (OnePercentDomain, 10),
    ];

    static readonly string[] Plans = ["free", "free", "free", "starter", "pro", "pro", "enterprise"];
    static readonly string[] Sources = ["organic", "ads", "referral", "newsletter", "partner", "import"];
    static readonly string[] Tags = ["beta", "vip", "newsletter", "churn-risk", "mobile", "desktop", "trial", "annual"];
    static readonly (string City, string Country)[] Places =
    [
        ("Berlin", "DE"), ("Paris", "FR"), ("London", "GB"), ("New York", "US"), ("Austin", "US"), ("Toronto", "CA"),
        ("Tokyo", "JP"), ("Madrid", "ES"), ("Milan", "IT"), ("Warsaw", "PL"), ("Mumbai", "IN"), ("Sao Paulo", "BR"),
    ];

    public static readonly string[] EventNames = ["page_viewed", "email_opened", "email_clicked", "signed_in", "purchase_completed"];

    readonly Random _random = new(seed);

    public Random Random => _random;

    public static string UserId(long number) => $"user_{number:D7}";

    /// <summary>A person numbered <paramref name="number"/> (its userId), created at <paramref name="createdAtMs"/>.</summary>
    /// <summary>The properties the service records on create (userId, email and status; traits left out for size).</summary>
    public static string CreatedProperties(DemoPerson p) =>
        "{\"changes\":{\"userId\":{\"old\":null,\"new\":" + System.Text.Json.JsonSerializer.Serialize(p.UserId) +
        "},\"email\":{\"old\":null,\"new\":" + System.Text.Json.JsonSerializer.Serialize(p.Email) +
        "},\"status\":{\"old\":null,\"new\":\"" + p.Status + "\"}}}";

    /// <summary>One of a person's later events, at a random time between their creation and now.</summary>
    public (Guid Id, string Name, string PropertiesJson, long TimestampMs) NextEvent(long createdAtMs, long nowMs)
    {
        var ts = _random.NextInt64(createdAtMs, nowMs);
        var name = EventNames[_random.Next(EventNames.Length)];
        return (Ids.NewVersion7(DateTimeOffset.FromUnixTimeMilliseconds(ts)), name,
            $$"""{"source":"demo","value":{{_random.Next(1, 500)}}}""", ts);
    }

    public DemoPerson Next(long number, long createdAtMs)
    {
        var r = _random;
        var first = FirstNames[r.Next(FirstNames.Length)];
        var last = LastNames[r.Next(LastNames.Length)];
        var email = $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{number}@{PickDomain(r.Next(1000))}";
        var roll = r.Next(100);
        var status = roll < 90 ? "active" : roll < 96 ? "unsubscribed" : "bounced";
        var place = Places[r.Next(Places.Length)];
        var lastSeen = DateTimeOffset.FromUnixTimeMilliseconds(createdAtMs + r.NextInt64(0, 30L * 86_400_000));

        var buffer = new MemoryStream(400);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("first_name", first);
            w.WriteString("last_name", last);
            w.WriteString("plan", Plans[r.Next(Plans.Length)]);
            w.WriteNumber("age", r.Next(18, 80));
            w.WriteNumber("lifetime_value", Math.Round(r.NextDouble() * 2000, 2));
            w.WriteBoolean("newsletter", r.Next(3) > 0);
            w.WriteString("signup_source", Sources[r.Next(Sources.Length)]);
            w.WriteStartArray("tags");
            for (var i = r.Next(0, 3); i > 0; i--) w.WriteStringValue(Tags[r.Next(Tags.Length)]);
            w.WriteEndArray();
            w.WriteStartObject("address");
            w.WriteString("city", place.City);
            w.WriteString("country", place.Country);
            w.WriteEndObject();
            w.WriteString("last_seen_at", lastSeen.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
            w.WriteEndObject();
        }
        var traits = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var id = Ids.NewVersion7(DateTimeOffset.FromUnixTimeMilliseconds(createdAtMs));
        return new DemoPerson(id, UserId(number), email, status, traits, createdAtMs);
    }

    static string PickDomain(int perMille)
    {
        foreach (var (domain, weight) in Domains)
        {
            if (perMille < weight) return domain;
            perMille -= weight;
        }
        return Domains[0].Domain;
    }
}
