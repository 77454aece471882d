using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Import;

/// <summary>
/// Reads people from a JSON array (each item as in the API) without holding the file: a window of the
/// file is parsed with <see cref="Utf8JsonReader"/> one item at a time, and the line of each item is counted.
/// </summary>
public static class JsonPeopleReader
{
    /// <summary>The largest single item; a person is at most 64 KiB of traits.</summary>
    public const int MaxItemBytes = 4 * 1024 * 1024;

    public static async IAsyncEnumerable<ImportRecord> ReadAsync(Stream stream, long skipRows,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var window = new Window(stream);
        await window.FillAsync(ct);
        window.SkipBom();
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var stage = Stage.Start;
        long row = 0;
        while (true)
        {
            var step = Next(window, ref state, ref stage);
            switch (step.Kind)
            {
                case StepKind.NeedMore:
                    if (window.Final)
                        throw new ImportFileException($"The JSON ends too early near line {window.LineAt(window.Length)}: the array or an item is not closed.");
                    if (window.Start == 0 && window.Length == window.Capacity && !window.Grow(MaxItemBytes))
                        throw new ImportFileException($"An item starting near line {window.LineAt(0)} is larger than {MaxItemBytes / 1024 / 1024} MiB.");
                    await window.FillAsync(ct);
                    continue;
                case StepKind.End:
                    yield break;
                case StepKind.Item:
                    row++;
                    using (step.Document)
                    {
                        if (row <= skipRows) continue;
                        yield return ToRecord(step.Document!.RootElement, step.Line, row);
                    }
                    continue;
            }
        }
    }

    /// <summary>One item as a person; anything but an object fails with the reason.</summary>
    public static ImportRecord ToRecord(JsonElement item, long line, long row)
    {
        var raw = ImportRecord.Clip(item.GetRawText());
        if (item.ValueKind != JsonValueKind.Object)
            return new ImportRecord { Line = line, RowNumber = row, Raw = raw, Error = $"must be a JSON object (a person), not {PersonJsonReader.Describe(item.ValueKind)}" };
        var errors = new ValidationErrors();
        var input = PersonJsonReader.Read(item, "", errors);
        return ImportRecord.Checked(line, row, input, errors, raw);
    }

    enum Stage { Start, Items, Done }
    enum StepKind { NeedMore, Item, End }
    readonly record struct Step(StepKind Kind, JsonDocument? Document = null, long Line = 0);

    // Synchronous because Utf8JsonReader is a ref struct; the caller refills the window when told.
    static Step Next(Window window, ref JsonReaderState state, ref Stage stage)
    {
        var data = window.Data;
        var reader = new Utf8JsonReader(data, window.Final, state);
        try
        {
            while (true)
            {
                var before = reader.CurrentState;
                var consumed = reader.BytesConsumed;
                if (!reader.Read())
                {
                    if (window.Final && stage == Stage.Done) return new Step(StepKind.End);
                    if (window.Final && stage == Stage.Start) throw new ImportFileException("The file holds no JSON.");
                    window.Consume((int)consumed);
                    state = before;
                    return new Step(StepKind.NeedMore);
                }
                switch (stage)
                {
                    case Stage.Start:
                        if (reader.TokenType != JsonTokenType.StartArray)
                            throw new ImportFileException("A JSON file must be an array of people: [ {\"userId\": \"...\"}, ... ]. For one person a line, use NDJSON.");
                        stage = Stage.Items;
                        continue;
                    case Stage.Items when reader.TokenType == JsonTokenType.EndArray:
                        stage = Stage.Done;
                        continue;
                    case Stage.Items:
                        var line = window.LineAt((int)reader.TokenStartIndex);
                        if (!JsonDocument.TryParseValue(ref reader, out var doc))
                        {
                            window.Consume((int)consumed);
                            state = before;
                            return new Step(StepKind.NeedMore);
                        }
                        window.Consume((int)reader.BytesConsumed);
                        state = reader.CurrentState;
                        return new Step(StepKind.Item, doc, line);
                    case Stage.Done:
                        throw new ImportFileException($"Line {window.LineAt((int)reader.TokenStartIndex)}: there is more JSON after the closing ] of the array.");
                }
            }
        }
        catch (JsonException e)
        {
            var line = window.LineAt((int)Math.Min(reader.BytesConsumed, window.Length));
            throw new ImportFileException($"The JSON is malformed near line {line}: {JsonErrors.Describe(e)}.");
        }
    }

    /// <summary>A growable window over the stream that knows the line number of each byte it holds.</summary>
    sealed class Window(Stream stream)
    {
        byte[] _buffer = new byte[64 * 1024];
        int _start, _end;
        long _lineAtStart = 1; // line of _buffer[_start]
        int _countedTo; long _lineAtCounted = 1; // line-number cache, relative to _start
        public bool Final { get; private set; }
        public int Start => _start;
        public int Length => _end - _start;
        public int Capacity => _buffer.Length;
        public ReadOnlySpan<byte> Data => _buffer.AsSpan(_start, _end - _start);

        public async Task FillAsync(CancellationToken ct)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            while (!Final && _end < _buffer.Length)
            {
                var n = await stream.ReadAsync(_buffer.AsMemory(_end), ct);
                if (n == 0) Final = true;
                _end += n;
                if (n > 0) break;
            }
        }

        public bool Grow(int max)
        {
            if (_buffer.Length >= max) return false;
            Array.Resize(ref _buffer, Math.Min(max, _buffer.Length * 2));
            return true;
        }

        public void SkipBom()
        {
            if (Data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) _start += 3;
        }

        /// <summary>Drops the first <paramref name="count"/> bytes of the window.</summary>
        public void Consume(int count)
        {
            _lineAtStart = LineAt(count);
            _start += count;
            _countedTo = 0;
            _lineAtCounted = _lineAtStart;
        }

        /// <summary>The line of the byte at <paramref name="offset"/> in the window.</summary>
        public long LineAt(int offset)
        {
            if (offset < _countedTo) { _countedTo = 0; _lineAtCounted = _lineAtStart; }
            _lineAtCounted += _buffer.AsSpan(_start + _countedTo, offset - _countedTo).Count((byte)'\n');
            _countedTo = offset;
            return _lineAtCounted;
        }
    }
}

/// <summary>Reads people from NDJSON: one JSON object a line; blank lines are skipped; a bad line fails alone.</summary>
public static class NdjsonPeopleReader
{
    public static async IAsyncEnumerable<ImportRecord> ReadAsync(Stream stream, long skipRows,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        long line = 0, row = 0;
        while (true)
        {
            string? content;
            try
            {
                content = await text.ReadLineAsync(ct);
            }
            catch (DecoderFallbackException)
            {
                throw new ImportFileException($"Line {line + 1} is not UTF-8 text; save the file as UTF-8 and upload it again.");
            }
            if (content is null) yield break;
            line++;
            if (string.IsNullOrWhiteSpace(content)) continue;
            row++;
            if (row <= skipRows) continue;
            JsonDocument? doc = null;
            string? error = null;
            try
            {
                doc = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException e)
            {
                error = $"is not one complete JSON object ({JsonErrors.Describe(e)}); NDJSON needs one person per line";
            }
            if (doc is null)
            {
                yield return new ImportRecord { Line = line, RowNumber = row, Raw = ImportRecord.Clip(content), Error = error };
                continue;
            }
            using (doc) yield return JsonPeopleReader.ToRecord(doc.RootElement, line, row);
        }
    }
}
