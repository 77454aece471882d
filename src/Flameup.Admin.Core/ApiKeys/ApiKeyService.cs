using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Signals;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Flameup.Admin.Core.ApiKeys;

/// <summary>
/// Workspace API keys: random, stored as a SHA-256 hash with a short visible prefix, scoped, revocable.
/// Lookups are cached briefly and last use is written in batches, so a request costs no database write. A revoke is
/// published on the signal bus, so every host drops its cached entry at once.
/// </summary>
public sealed class ApiKeyService
{
    public const string SecretPrefix = "flk_";
    const int VisiblePrefixLength = 12;
    // The fallback bound on a revoke reaching this host when its notice is lost (a SQLite file shared with another
    // process, or a host that died between commit and notice).
    static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    /// <summary>How stale a key's noted last use may get before a request notes it again (it is written every few seconds).</summary>
    static readonly TimeSpan LastUsedPrecision = TimeSpan.FromSeconds(1);

    readonly IDbContextFactory<AppDbContext> contexts;
    readonly WorkspaceService workspaces;
    readonly TimeProvider clock;
    readonly ISignalBus signals;
    readonly ConcurrentDictionary<string, (ApiKeyInfo? Key, DateTimeOffset Until)> _byHash = new();
    readonly ConcurrentDictionary<string, DateTimeOffset> _lastUsed = new();

    public ApiKeyService(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, TimeProvider clock, ISignalBus signals)
    {
        this.contexts = contexts;
        this.workspaces = workspaces;
        this.clock = clock;
        this.signals = signals;
        signals.Subscribe(OnSignal); // lives as long as this singleton
    }

    public async Task<CreatedApiKey> CreateAsync(Actor actor, string workspaceId, string? name, IEnumerable<string> scopes, CancellationToken ct = default)
    {
        actor.EnsureCanChange(workspaceId, ChangeKind.Settings);
        var scopeList = scopes.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToList();
        var errors = new ValidationErrors();
        if (scopeList.Count == 0) errors.Add("scopes", $"give at least one of {string.Join(", ", ApiKeyScopes.All)}");
        foreach (var s in scopeList.Where(s => !ApiKeyScopes.All.Contains(s)))
            errors.Add("scopes", $"'{s}' is not a scope; use {string.Join(", ", ApiKeyScopes.All)}");
        if (name is { Length: > 100 }) errors.Add("name", "must be at most 100 characters");
        errors.ThrowIfAny();
        if (await workspaces.GetAsync(workspaceId, ct) is null) throw new NotFoundException($"Workspace '{workspaceId}' does not exist.");

        var secret = SecretPrefix + Base62(RandomNumberGenerator.GetBytes(30));
        var row = new ApiKeyRow
        {
            Id = Ids.NewVersion7(clock.GetUtcNow()).ToString("D"),
            WorkspaceId = workspaceId,
            Name = string.IsNullOrWhiteSpace(name) ? "API key" : name.Trim(),
            Prefix = secret[..VisiblePrefixLength],
            Hash = Hash(secret),
            Scopes = string.Join(',', scopeList),
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(ToInfo(row), secret);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string? workspaceId, CancellationToken ct = default)
    {
        await FlushLastUsedAsync(ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var q = db.ApiKeys.AsNoTracking();
        if (workspaceId is not null) q = q.Where(k => k.WorkspaceId == workspaceId);
        var rows = await q.ToListAsync(ct);
        return rows.OrderByDescending(r => r.CreatedAt).Select(ToInfo).ToList();
    }

    /// <summary>Revokes by id or visible prefix; the key is refused from the next request on.</summary>
    public async Task<ApiKeyInfo> RevokeAsync(Actor actor, string idOrPrefix, string? workspaceId = null, CancellationToken ct = default)
    {
        actor.EnsureCanChange(workspaceId, ChangeKind.Settings);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.ApiKeys.FirstOrDefaultAsync(k => (k.Id == idOrPrefix || k.Prefix == idOrPrefix)
            && (workspaceId == null || k.WorkspaceId == workspaceId), ct)
            ?? throw new NotFoundException($"No API key '{idOrPrefix}'.");
        row.RevokedAt ??= clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(ct);
        signals.Publish(Signal.ApiKeyChanged(row.Id)); // this host's entry goes before Publish returns
        return ToInfo(row);
    }

    /// <summary>The key for a secret, or null when unknown or revoked. Notes the use.</summary>
    public async Task<ApiKeyInfo?> AuthenticateAsync(string secret, CancellationToken ct = default)
    {
        var hash = Hash(secret);
        var now = clock.GetUtcNow();
        if (!_byHash.TryGetValue(hash, out var cached) || cached.Until < now)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var row = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash, ct);
            cached = (row is null || row.RevokedAt is not null ? null : ToInfo(row), now + CacheFor);
            if (_byHash.Count > 100_000) _byHash.Clear(); // unknown keys must not grow memory without bound
            _byHash[hash] = cached;
        }
        if (cached.Key is null) return null;
        // A key's requests mostly find a recent mark: reading it takes no lock, writing it locks its bucket.
        if (!_lastUsed.TryGetValue(cached.Key.Id, out var marked) || now - marked >= LastUsedPrecision) _lastUsed[cached.Key.Id] = now;
        return cached.Key;
    }

    /// <summary>Writes the noted last-use times (called every few seconds and at shutdown).</summary>
    public async Task FlushLastUsedAsync(CancellationToken ct = default)
    {
        if (_lastUsed.IsEmpty) return;
        var pending = _lastUsed.ToArray();
        await using var db = await contexts.CreateDbContextAsync(ct);
        foreach (var (id, at) in pending)
        {
            var ms = at.ToUnixTimeMilliseconds();
            await db.ApiKeys.Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt < ms))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, ms), ct);
            _lastUsed.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, at));
        }
    }

    void OnSignal(Signal signal)
    {
        switch (signal.Kind)
        {
            case SignalKind.ApiKeyChanged:
                foreach (var (hash, entry) in _byHash)
                    if (entry.Key?.Id == signal.Subject) _byHash.TryRemove(hash, out _);
                break;
            case SignalKind.Resync:
                _byHash.Clear();
                break;
        }
    }

    static string Hash(string secret)
    {
        // Per API request: hashed from the stack (secrets are at most 200 characters), only the hex string is allocated.
        Span<byte> utf8 = secret.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(secret.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(secret.Length)];
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(secret, utf8)], digest);
        return Convert.ToHexStringLower(digest);
    }

    static string Base62(byte[] bytes)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var n = new System.Numerics.BigInteger(bytes, isUnsigned: true);
        var sb = new StringBuilder();
        while (n > 0) { sb.Insert(0, alphabet[(int)(n % 62)]); n /= 62; }
        return sb.ToString().PadLeft(41, '0');
    }

    static ApiKeyInfo ToInfo(ApiKeyRow r) => new(
        r.Id, r.WorkspaceId, r.Name, r.Prefix, r.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries),
        Timestamps.FromMs(r.CreatedAt), r.RevokedAt is { } rv ? Timestamps.FromMs(rv) : null,
        r.LastUsedAt is { } lu ? Timestamps.FromMs(lu) : null);
}
