using Npgsql;
using NpgsqlTypes;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>Small helpers for hand-written SQL commands.</summary>
internal static class PgSql
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string text, NpgsqlTransaction? tx = null) =>
        new(text, connection, tx);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, NpgsqlDbType type, object? value)
    {
        command.Parameters.AddWithValue(name, type, value ?? DBNull.Value);
        return command;
    }

    public static NpgsqlBatchCommand With(this NpgsqlBatchCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
