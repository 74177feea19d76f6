using System.Text;

namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>
/// A trace parser fed one chunk of bytes at a time (a slice of a mapped file, or a buffer from a stream). Each call
/// parses what it can and returns how many bytes it consumed; the caller keeps the rest and offers it again with more
/// data after it. Nothing is allocated per reference or per token. Errors are <see cref="FormatException"/>s naming
/// the source, the line (text) or byte offset (binary), and the offending token.
/// </summary>
public abstract class TraceChunkParser(TraceSink sink, string sourceName)
{
    protected TraceSink Sink { get; } = sink;
    public string SourceName { get; } = sourceName;

    /// <summary>Bytes consumed so far: where the next chunk starts in the source.</summary>
    public long Offset { get; private set; }

    /// <summary>Current line (text formats).</summary>
    public long Line { get; protected set; } = 1;

    /// <summary>Parses <paramref name="chunk"/>; returns the bytes consumed (all of them when <paramref name="final"/>).</summary>
    public int Feed(ReadOnlySpan<byte> chunk, bool final)
    {
        int consumed = Parse(chunk, final);
        Offset += consumed;
        return consumed;
    }

    protected abstract int Parse(ReadOnlySpan<byte> chunk, bool final);

    /// <summary>The token starting at <paramref name="start"/> up to the next separator, printable, for messages.</summary>
    protected static string TokenAt(ReadOnlySpan<byte> data, int start)
    {
        int end = start;
        while (end < data.Length && end - start < 40 && !IsBlank(data[end]) && data[end] != (byte)',') end++;
        string text = Printable(data[start..end]);
        return end - start == 40 && end < data.Length && !IsBlank(data[end]) ? text + "..." : text;
    }

    /// <summary>A line (or its first 80 bytes), printable, for messages.</summary>
    protected static string LineText(ReadOnlySpan<byte> line)
        => line.Length > 80 ? Printable(line[..80]) + "..." : Printable(line);

    // Control characters and non-ASCII bytes as \xNN, so a message stays one readable line.
    protected static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
            if (b < 0x20 || b >= 0x7f) sb.Append("\\x").Append(b.ToString("x2")); else sb.Append((char)b);
        return sb.ToString();
    }

    protected static bool IsBlank(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\v' or (byte)'\f';

    protected FormatException LineError(string what) => new($"{SourceName}: line {Line}: {what}");

    protected FormatException ByteError(long offset, string what) => new($"{SourceName}: byte {offset}: {what}");

    /// <summary>Parses a decimal or (with <paramref name="hex"/>) 0x-prefixed number; false if it is not one or overflows 64 bits.</summary>
    protected static bool TryParseNumber(ReadOnlySpan<byte> s, bool allowHex, out ulong value)
    {
        value = 0;
        if (s.Length == 0) return false;
        if (allowHex && s.Length > 2 && s[0] == (byte)'0' && (s[1] | 0x20) == 'x') return TryParseHex(s[2..], out value);
        if (s.Length > 20) return false;
        foreach (byte b in s)
        {
            uint d = (uint)(b - '0');
            if (d > 9) return false;
            ulong next = value * 10 + d;
            if (value > ulong.MaxValue / 10 || next < value * 10) return false;
            value = next;
        }
        return true;
    }

    protected static bool TryParseHex(ReadOnlySpan<byte> s, out ulong value)
    {
        value = 0;
        if (s.Length is 0 or > 16) return false;
        foreach (byte b in s)
        {
            int d = b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
            if ((uint)d > 15 || (b > '9' && (b | 0x20) < 'a')) return false;
            value = value << 4 | (uint)d;
        }
        return true;
    }
}
