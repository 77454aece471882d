namespace Flameup.Admin.Core.Storage.Ports;

/// <summary>
/// Token buckets kept in the database, so a limit holds for all hosts together. Registered by storage shared by several
/// hosts (PostgreSQL); absent on SQLite, where the one host limits in memory.
/// </summary>
public interface ISharedTokenBuckets
{
    /// <summary>
    /// Takes up to <paramref name="want"/> whole tokens from the bucket of the key, which refills at
    /// <paramref name="perSecond"/> and holds at most <paramref name="burst"/> (a new bucket starts full).
    /// </summary>
    Task<TokenGrant> TakeAsync(string workspaceId, string keyId, int want, int perSecond, int burst, CancellationToken ct = default);
}

/// <param name="Granted">Tokens taken, 0 to the number asked for.</param>
/// <param name="Left">What the bucket holds after the take (under one token when fewer than asked were granted).</param>
public readonly record struct TokenGrant(int Granted, double Left);
