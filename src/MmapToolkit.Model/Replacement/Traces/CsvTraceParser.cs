namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>
/// libCacheSim-style csv: one reference per line, the page (object) id in one column — <c>--csv-column N</c>
/// (1-based), else the header's id column (obj_id, id, page, key, addr), else the only column. An optional header line
/// names the columns; an op column (op, operation, type, rw) marks stores: a value starting with w, s (set, store) or m
/// (modify) is a store, anything else a load. Ids are decimal or 0x-hex; fields may be quoted.
/// </summary>
public sealed class CsvTraceParser(TraceSink sink, string sourceName, int? column) : LineTraceParser(sink, sourceName)
{
    private static readonly string[] IdNames = ["obj_id", "objid", "object_id", "id", "page", "key", "addr", "address", "obj"];
    private static readonly string[] OpNames = ["op", "operation", "type", "rw", "cmd", "access"];
    private int _idColumn = column is { } c ? c - 1 : -1;   // 0-based; -1 until the first line decides
    private int _opColumn = -1;
    private bool _started;

    protected override void ParseLine(ReadOnlySpan<byte> line)
    {
        if (line.Trim((byte)' ').IsEmpty || line[0] == (byte)'#') return;
        if (!_started)
        {
            _started = true;
            if (IsHeader(line)) { ReadHeader(line); return; }
            if (_idColumn < 0)
            {
                int fields = line.Count((byte)',') + 1;
                if (fields > 1)
                    throw LineError($"{fields} columns and no header naming the id column: give --csv-column N (1-based)");
                _idColumn = 0;
            }
        }
        var id = Field(line, _idColumn);
        if (id.IsEmpty && _idColumn > 0 && line.Count((byte)',') < _idColumn)
            throw LineError($"no column {_idColumn + 1} in '{LineText(line)}'");
        if (!TryParseNumber(id, allowHex: true, out ulong page) || page > long.MaxValue)
            throw LineError($"bad id '{LineText(id)}' in column {_idColumn + 1} (expected a non-negative number, decimal or 0x-hex)");
        bool write = false;
        if (_opColumn >= 0)
        {
            var op = Field(line, _opColumn);
            write = op.Length > 0 && (op[0] | 0x20) is 'w' or 's' or 'm';
        }
        Sink.Add((long)page, write);
    }

    // A header: the id column (or, unknown yet, the first) holds something that is not a number.
    private bool IsHeader(ReadOnlySpan<byte> line)
    {
        var first = Field(line, Math.Max(0, _idColumn));
        return !first.IsEmpty && !TryParseNumber(first, allowHex: true, out _);
    }

    private void ReadHeader(ReadOnlySpan<byte> line)
    {
        var names = System.Text.Encoding.ASCII.GetString(line).Split(',').Select(n => n.Trim().Trim('"').ToLowerInvariant()).ToArray();
        _opColumn = Array.FindIndex(names, n => OpNames.Contains(n));
        if (_idColumn >= 0) return;
        foreach (string want in IdNames)
        {
            _idColumn = Array.IndexOf(names, want);
            if (_idColumn >= 0) return;
        }
        if (names.Length == 1) { _idColumn = 0; return; }
        throw LineError($"the header '{LineText(line)}' names no id column ({string.Join(", ", IdNames)}): give --csv-column N (1-based)");
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, int index)
    {
        for (int k = 0; k < index; k++)
        {
            int comma = line.IndexOf((byte)',');
            if (comma < 0) return default;
            line = line[(comma + 1)..];
        }
        int end = line.IndexOf((byte)',');
        var field = (end < 0 ? line : line[..end]).Trim((byte)' ');
        if (field.Length >= 2 && field[0] == (byte)'"' && field[^1] == (byte)'"') field = field[1..^1];
        return field;
    }
}
