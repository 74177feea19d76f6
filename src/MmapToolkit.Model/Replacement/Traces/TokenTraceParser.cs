using System.Buffers;

namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>
/// The plain and addresses formats: tokens separated by whitespace or commas, each a number optionally followed by 'w'
/// (a store) or 'r' (a load, the default); '#' starts a comment to the end of the line. Plain numbers are page numbers;
/// addresses are byte addresses (decimal or 0x-hex) shifted right by log2 of the page size.
/// </summary>
public sealed class TokenTraceParser : TraceChunkParser
{
    private static readonly SearchValues<byte> Separators = SearchValues.Create(" \t\r\n\v\f,"u8);
    private readonly bool _addresses;
    private readonly int _shift;
    private bool _inComment;

    public TokenTraceParser(TraceSink sink, string sourceName, bool addresses = false, int pageShift = 0)
        : base(sink, sourceName)
    {
        _addresses = addresses;
        _shift = pageShift;
    }

    private string Expected => _addresses
        ? "expected a byte address, decimal or 0x-hex, optionally followed by 'w' or 'r'"
        : "expected a non-negative page number, optionally followed by 'w' or 'r'";

    // Optimised from the first call: a trace is read once per process, so the JIT's tiers would run most of it unoptimised.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override int Parse(ReadOnlySpan<byte> chunk, bool final)
    {
        int end = chunk.Length;
        if (!final)
        {
            // Stop after the last separator: a token cut by the chunk's end waits for the next chunk.
            end = chunk.LastIndexOfAny(Separators) + 1;
            if (end == 0) return 0;
        }
        var d = chunk[..end];
        int i = 0;
        if (_inComment)
        {
            int nl = d.IndexOf((byte)'\n');
            if (nl < 0) return end;
            i = nl;
            _inComment = false;
        }
        var sink = Sink;
        var dense = sink as DenseTraceBuilder;   // sealed: called directly and inlined, not through the virtual Add
        var curve = sink as LruCurveBuilder;     // the same for sim --mrc
        while (i < d.Length)
        {
            byte c = d[i];
            if ((uint)(c - '0') <= 9 && !_addresses)
            {
                // The hot path: a short decimal page number.
                int start = i;
                long v = c - '0';
                int j = i + 1;
                while (j < d.Length && (uint)(d[j] - '0') <= 9)
                {
                    v = v * 10 + (d[j] - '0');
                    j++;
                }
                if (j - start > 18 && !Wide(d[start..j], out v)) throw Bad(d, start);
                i = j;
                bool write = false;
                if (i < d.Length)
                {
                    int lower = d[i] | 0x20;
                    if (lower == 'w') { write = true; i++; }
                    else if (lower == 'r') i++;
                    if (i < d.Length && !IsSeparator(d[i])) throw Bad(d, start);
                }
                if (dense is not null) dense.Add(v, write);
                else if (curve is not null) curve.Add(v, write);
                else sink.Add(v, write);
                continue;
            }
            if (c == (byte)'\n') { Line++; i++; continue; }
            if (c is (byte)' ' or (byte)',' or (byte)'\t' or (byte)'\r' or (byte)'\v' or (byte)'\f') { i++; continue; }
            if (c == (byte)'#')
            {
                int nl = d[i..].IndexOf((byte)'\n');
                if (nl < 0) { _inComment = true; return end; }
                i += nl;
                continue;
            }
            if (!_addresses) throw Bad(d, i);
            i = Address(d, i);
        }
        return end;
    }

    // One address token starting at i; returns the index after it.
    private int Address(ReadOnlySpan<byte> d, int i)
    {
        int start = i;
        while (i < d.Length && !IsSeparator(d[i])) i++;
        var token = d[start..i];
        bool write = false;
        int last = token[^1] | 0x20;
        if (last is 'w' or 'r')
        {
            write = last == 'w';
            token = token[..^1];
        }
        if (!TryParseNumber(token, allowHex: true, out ulong address)) throw Bad(d, start);
        ulong page = address >> _shift;
        if (page > long.MaxValue) throw Bad(d, start);
        Sink.Add((long)page, write);
        return i;
    }

    private static bool Wide(ReadOnlySpan<byte> digits, out long value)
    {
        bool ok = TryParseNumber(digits, allowHex: false, out ulong v) && v <= long.MaxValue;
        value = (long)v;
        return ok;
    }

    private static bool IsSeparator(byte c) => IsBlank(c) || c == (byte)',' || c == (byte)'#';

    private FormatException Bad(ReadOnlySpan<byte> d, int start) => LineError($"bad token '{TokenAt(d, start)}' ({Expected})");
}
