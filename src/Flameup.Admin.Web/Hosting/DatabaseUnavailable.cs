using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Flameup.Admin.Web.Hosting;

/// <summary>
/// Whether an exception means the database cannot be reached or is not taking work right now (restarting, refusing
/// connections, locked), as opposed to a bug: such requests get 503 with Retry-After, and the host carries on.
/// </summary>
public static class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when IsUnavailable(pg.SqlState):
                    return true;
                case PostgresException:
                    return false; // the server answered: a statement's own error
                case NpgsqlException or SocketException:
                    return true; // no answer: connection refused or broken, timeout, pool exhausted
                case SqliteException sqlite when sqlite.SqliteErrorCode is 5 or 6 or 10 or 14:
                    return true; // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN
            }
        }
        return false;
    }

    /// <summary>
    /// Why the same request can be sent again, after how long, and what to tell the client; null for any other error.
    /// Besides an unreachable database: a write PostgreSQL rolled back whole for a deadlock (40P01) or a serialization
    /// failure (40001). Writers lock in one order so neither should happen; if one does, nothing was stored and sending
    /// the request again succeeds, which a 503 with Retry-After says, where a 500 would blame the server.
    /// </summary>
    public static (int Seconds, string Detail, string Why)? Retryable(Exception exception)
    {
        if (Is(exception))
            return (RetryAfterSeconds, $"The database cannot be reached right now. Retry in {RetryAfterSeconds} s.", "the database is unavailable");
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure })
                return (1, "The write conflicted with concurrent writes and was rolled back whole: nothing was stored. Send it again.",
                    "rolled back by a conflict with concurrent writes");
        return null;
    }

    /// <summary>The reason to print: the server's own message, or the network's.</summary>
    public static string Reason(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException pg) return pg.MessageText;
            if (e is SocketException or TimeoutException)
                return ReferenceEquals(e, exception) ? e.Message : $"{exception.Message} ({e.Message})";
        }
        return exception.Message;
    }

    // 08: connection exceptions; 53: out of resources (too many connections); 57P01-57P05: shut down, restarting or
    // not yet accepting connections; 3D000: no such database; 55000: the database does not allow connections now
    // (ALLOW_CONNECTIONS false); 28: the server refuses our credentials.
    static bool IsUnavailable(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
        || state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("28", StringComparison.Ordinal)
        || state is "3D000" or "55000";
}
