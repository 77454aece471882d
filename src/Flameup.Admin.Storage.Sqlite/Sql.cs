using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Storage.Sqlite;

/// <summary>Small helpers for hand-written SQL commands.</summary>
internal static class Sql
{
    public static SqliteCommand Command(this SqliteConnection connection, string text, SqliteTransaction? tx = null)
    {
        if (connection is HeldConnection held) return held.Command(text, tx);
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = tx;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Sets a parameter that already exists (a prepared command run many times).</summary>
    public static void Set(this SqliteCommand command, string name, object? value) =>
        command.Parameters[name].Value = value ?? DBNull.Value;

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
