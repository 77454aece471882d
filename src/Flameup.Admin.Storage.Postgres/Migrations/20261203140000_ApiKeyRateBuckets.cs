using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Flameup.Admin.Storage.Postgres.Migrations;

/// <summary>The per-key token buckets all hosts share (<see cref="RateLimits.PgTokenBuckets"/>); led by workspace_id like every table.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261203140000_ApiKeyRateBuckets")]
public sealed class ApiKeyRateBuckets : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE api_key_rate_buckets (
                workspace_id text NOT NULL,
                key_id text NOT NULL,
                tokens double precision NOT NULL,
                refilled_at timestamptz NOT NULL,
                PRIMARY KEY (workspace_id, key_id)
            );

            -- Refills the bucket by the time since its last take, then takes up to p_want whole tokens, under the row's
            -- lock. clock_timestamp() is read after the lock, so a take that waited never refills for time already counted.
            CREATE FUNCTION take_api_key_tokens(p_workspace_id text, p_key_id text, p_want integer, p_per_second double precision,
                p_burst integer, OUT granted integer, OUT tokens_left double precision)
            LANGUAGE plpgsql AS $$
            DECLARE
                available double precision;
                last_at timestamptz;
                now_at timestamptz;
            BEGIN
                INSERT INTO api_key_rate_buckets VALUES (p_workspace_id, p_key_id, p_burst, clock_timestamp())
                    ON CONFLICT (workspace_id, key_id) DO NOTHING;
                SELECT b.tokens, b.refilled_at INTO available, last_at FROM api_key_rate_buckets b
                    WHERE b.workspace_id = p_workspace_id AND b.key_id = p_key_id FOR UPDATE;
                now_at := clock_timestamp();
                available := least(p_burst, available + p_per_second * greatest(0, extract(epoch FROM now_at - last_at)));
                granted := least(p_want, floor(available))::integer;
                tokens_left := available - granted;
                UPDATE api_key_rate_buckets SET tokens = tokens_left, refilled_at = now_at
                    WHERE workspace_id = p_workspace_id AND key_id = p_key_id;
            END
            $$;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP FUNCTION take_api_key_tokens(text, text, integer, double precision, integer);
            DROP TABLE api_key_rate_buckets;
            """);
    }
}
