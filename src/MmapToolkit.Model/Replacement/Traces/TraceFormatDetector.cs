namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>
/// Guesses a trace's format from its first bytes and its name: the binary magic; a name ending in .oracleGeneral(.bin),
/// .csv or .lackey (after any .gz/.zst); valgrind's lines; 0x-addresses; a csv header; else plain. Binary data that
/// is none of these is refused by name rather than parsed as text.
/// </summary>
public static class TraceFormatDetector
{
    /// <summary>Bytes of the start of the input the detector looks at.</summary>
    public const int HeadBytes = 8192;

    /// <returns>The format and why ("its magic number", "its name", "its content").</returns>
    public static (TraceFormat Format, string Reason) Detect(string? name, ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(BinaryTrace.Magic)) return (TraceFormat.Binary, "its magic number");
        string n = StripCompression(name ?? "").ToLowerInvariant();
        if (n.EndsWith(".oraclegeneral") || n.EndsWith(".oraclegeneral.bin")) return (TraceFormat.OracleGeneral, "its name");
        if (n.EndsWith(".csv")) return (TraceFormat.Csv, "its name");
        if (n.EndsWith(".lackey")) return (TraceFormat.Lackey, "its name");
        if (head.Contains((byte)0))
            throw new FormatException($"{name ?? "the input"}: binary data without the toolkit's trace magic; if it is a libCacheSim "
                                    + "oracleGeneral trace, give --format oracleGeneral");
        // Judge by the first few lines that are not blank or comments.
        int seen = 0;
        bool hex = false;
        foreach (var range in head.Split((byte)'\n'))
        {
            var line = head[range].Trim(" \t\r"u8);
            if (line.IsEmpty || line[0] == (byte)'#') continue;
            if (range.End.Value == head.Length && head.Length == HeadBytes) break;   // possibly cut short
            if (IsValgrindLine(line) || IsLackeyAccess(line)) return (TraceFormat.Lackey, "its content");
            if (seen == 0 && line.Contains((byte)',') && HasLetter(line) && !line.ContainsAny("xX"u8)) return (TraceFormat.Csv, "its header line");
            if (line.IndexOf("0x"u8) >= 0 || line.IndexOf("0X"u8) >= 0) hex = true;
            if (++seen == 8) break;
        }
        return hex ? (TraceFormat.Addresses, "its 0x addresses") : (TraceFormat.Plain, "its content");
    }

    public static string StripCompression(string name)
    {
        foreach (string ext in (string[])[".gz", ".zst"])
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return name;
    }

    private static bool IsValgrindLine(ReadOnlySpan<byte> line)
    {
        if (line.Length < 4 || !(line.StartsWith("=="u8) || line.StartsWith("--"u8))) return false;
        int i = 2;
        while (i < line.Length && (uint)(line[i] - '0') <= 9) i++;
        return i > 2 && line[i..].StartsWith(line[..2]);
    }

    // "I  0400d7d4,8" or "L 7ff0007b8,8" (leading spaces trimmed).
    private static bool IsLackeyAccess(ReadOnlySpan<byte> line)
    {
        if (line.Length < 5 || line[0] is not ((byte)'I' or (byte)'L' or (byte)'S' or (byte)'M') || line[1] != (byte)' ') return false;
        var rest = line[1..].TrimStart((byte)' ');
        int comma = rest.IndexOf((byte)',');
        if (comma <= 0) return false;
        foreach (byte b in rest[..comma]) if (!char.IsAsciiHexDigit((char)b)) return false;
        foreach (byte b in rest[(comma + 1)..]) if (!char.IsAsciiDigit((char)b)) return false;
        return comma + 1 < rest.Length;
    }

    private static bool HasLetter(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
            if (char.IsAsciiLetter((char)b) && (b | 0x20) is not ('w' or 'r')) return true;
        return false;
    }
}
