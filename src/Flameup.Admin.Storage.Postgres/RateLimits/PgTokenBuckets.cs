using Npgsql;

namespace Flameup.Admin.Storage.Postgres.RateLimits;

/// <summary>
/// API keys' token buckets in <c>api_key_rate_buckets</c>, taken from by <c>take_api_key_tokens</c> (migration
/// <c>ApiKeyRateBuckets</c>): one round trip that refills the bucket by the time since its last take (the database's
/// clock, the same for every host) and takes what it can, under the row's lock.
/// </summary>
sealed class PgTokenBuckets(PgDatabase database) : ISharedTokenBuckets
{
    public async Task<TokenGrant> TakeAsync(string workspaceId, string keyId, int want, int perSecond, int burst, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var take = new NpgsqlCommand("SELECT granted, tokens_left FROM take_api_key_tokens($1, $2, $3, $4, $5)", connection);
        take.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
        take.Parameters.Add(new NpgsqlParameter { Value = keyId });
        take.Parameters.Add(new NpgsqlParameter { Value = want });
        take.Parameters.Add(new NpgsqlParameter { Value = (double)perSecond });
        take.Parameters.Add(new NpgsqlParameter { Value = burst });
        await using var row = await take.ExecuteReaderAsync(ct);
        await row.ReadAsync(ct);
        return new TokenGrant(row.GetInt32(0), row.GetDouble(1));
    }
}
