using System.Buffers;
using System.Text.Json;
using CsvHelper;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Core.Export;

/// <summary>
/// Streams people out: the people list's filters and sort as CSV or NDJSON, and one person's own data as JSON.
/// Rows are read with one forward cursor in the list's order (one consistent snapshot, nothing held in memory)
/// and written as they come.
/// </summary>
public sealed class PeopleExporter(IPeopleReader reader)
{
    public static readonly string[] FixedColumns = ["userId", "email", "status", "created_at", "updated_at"];

    /// <summary>How many people the export will hold, for a progress bar.</summary>
    public Task<long> CountAsync(string ws, PeopleQuery query, CancellationToken ct = default) => reader.CountAsync(ws, query, ct);

    /// <summary>
    /// CSV: userId, email, status, created_at, updated_at, then one column per trait key (sorted). Nested values
    /// are JSON, booleans true/false, text cells that a spreadsheet would run as a formula are escaped
    /// (<see cref="CsvCells"/>), and so are the trait keys of the header row. A trait named like a fixed column is
    /// written as <c>traits.name</c>.
    /// Returns the number of people written.
    /// </summary>
    public async Task<long> WriteCsvAsync(string ws, PeopleQuery query, Stream output, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using var snapshot = await reader.SnapshotAsync(ct); // the key pass and the rows see the same data
        var keys = await snapshot.TraitKeysAsync(ws, query, ct);
        var keyIndex = new Dictionary<string, int>(keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++) keyIndex[keys[i]] = i;

        await using var csv = CsvWriter.Create(output, new CsvWriterOptions(), leaveOpen: true);
        csv.WriteHeader(FixedColumns.Concat(keys.Select(Header)).ToArray());
        var cells = new string?[keys.Count];
        long count = 0;
        await foreach (var p in snapshot.StreamAsync(ws, query, ct))
        {
            csv.WriteField(CsvCells.Escape(p.UserId));
            csv.WriteField(p.Email is null ? "" : CsvCells.Escape(p.Email));
            csv.WriteField(p.Status);
            csv.WriteField(Timestamps.Format(p.CreatedAt));
            csv.WriteField(Timestamps.Format(p.UpdatedAt));
            Array.Clear(cells);
            using (var traits = JsonDocument.Parse(p.TraitsJson))
                foreach (var t in traits.RootElement.EnumerateObject())
                    if (keyIndex.TryGetValue(t.Name, out var i)) cells[i] = Cell(t.Value);
            foreach (var cell in cells) csv.WriteField(cell ?? "");
            await csv.EndRecordAsync(ct);
            if (++count % 10_000 == 0) progress?.Report(count);
        }
        await csv.FlushAsync(ct);
        progress?.Report(count);
        return count;
    }

    /// <summary>NDJSON: one person a line in the API's wire form. Returns the number written.</summary>
    public async Task<long> WriteNdjsonAsync(string ws, PeopleQuery query, Stream output, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using var snapshot = await reader.SnapshotAsync(ct);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
        await using var writer = new Utf8JsonWriter(buffer, Json.WriterOptions);
        long count = 0;
        await foreach (var p in snapshot.StreamAsync(ws, query, ct))
        {
            PersonJson.Write(writer, p);
            writer.Flush();
            writer.Reset();
            buffer.Write("\n"u8);
            if (buffer.WrittenCount > 48 * 1024)
            {
                await output.WriteAsync(buffer.WrittenMemory, ct);
                buffer.Clear();
            }
            if (++count % 10_000 == 0) progress?.Report(count);
        }
        await output.WriteAsync(buffer.WrittenMemory, ct);
        await output.FlushAsync(ct);
        progress?.Report(count);
        return count;
    }

    /// <summary>A person's own data: <c>{"person": {...}, "events": [...]}</c>, every event, newest first.</summary>
    public async Task WritePersonDataAsync(string ws, Guid id, Stream output, CancellationToken ct = default)
    {
        await using var snapshot = await reader.SnapshotAsync(ct);
        var person = await snapshot.GetAsync(ws, id, ct) ?? throw new NotFoundException($"No person with id {id} in this workspace.");
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = Json.Encoder, Indented = true });
        writer.WriteStartObject();
        writer.WritePropertyName("person");
        PersonJson.Write(writer, person);
        writer.WriteStartArray("events");
        await foreach (var e in snapshot.EventsAsync(ws, id, ct))
        {
            PersonJson.WriteEvent(writer, e);
            if (writer.BytesPending > 32 * 1024) await writer.FlushAsync(ct);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
    }

    /// <summary>A trait key as a column name: escaped like a text cell (keys come from the API and from files too).</summary>
    static string Header(string key) =>
        FixedColumns.Contains(key, StringComparer.OrdinalIgnoreCase) ? "traits." + key : CsvCells.Escape(key);

    static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => CsvCells.Escape(value.GetString()!),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        JsonValueKind.Number => value.GetRawText(),
        _ => value.GetRawText(), // objects and arrays as JSON
    };
}
