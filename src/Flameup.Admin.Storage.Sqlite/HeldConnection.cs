using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Storage.Sqlite;

/// <summary>
/// An open connection the <see cref="Database"/> keeps between uses, with its prepared commands.
/// Disposing it hands it back instead of closing it: reopening a pooled connection and preparing the
/// same statement again cost more than the query itself (GET by id: 55 µs → 21 µs at a million people).
/// </summary>
internal sealed class HeldConnection(Database owner, string connectionString) : SqliteConnection(connectionString)
{
    const int MaxCachedCommands = 64;
    readonly Dictionary<string, CachedCommand> _commands = new(StringComparer.Ordinal);
    bool _rented = true, _closing;

    public void Rent() => _rented = true;

    /// <summary>A prepared command for this text, reused when it is not already in use.</summary>
    public SqliteCommand Command(string text, SqliteTransaction? tx)
    {
        if (_commands.TryGetValue(text, out var cached))
        {
            if (cached.InUse) return Plain(text, tx);
        }
        else
        {
            if (_commands.Count >= MaxCachedCommands) return Plain(text, tx);
            cached = new CachedCommand(this) { Connection = this, CommandText = text };
            _commands[text] = cached;
        }
        cached.InUse = true;
        cached.Transaction = tx;
        return cached;
    }

    SqliteCommand Plain(string text, SqliteTransaction? tx)
    {
        var command = CreateCommand();
        command.CommandText = text;
        command.Transaction = tx;
        return command;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closing)
        {
            if (!_rented) return; // handed back already: a second dispose must not close it under its next user
            _rented = false;
            if (owner.Return(this)) return;
        }
        foreach (var c in _commands.Values) c.Destroy();
        _commands.Clear();
        base.Dispose(disposing);
    }

    /// <summary>Closes it for good (the database has enough idle connections, or is being disposed).</summary>
    public void Destroy()
    {
        _closing = true;
        Dispose();
    }

    internal sealed class CachedCommand(HeldConnection owner) : SqliteCommand
    {
        public bool InUse;

        protected override void Dispose(bool disposing)
        {
            if (disposing && InUse && owner._commands.ContainsKey(CommandText))
            {
                InUse = false;
                Parameters.Clear();
                Transaction = null;
                return;
            }
            base.Dispose(disposing);
        }

        public void Destroy()
        {
            InUse = false;
            base.Dispose(true);
        }
    }
}
