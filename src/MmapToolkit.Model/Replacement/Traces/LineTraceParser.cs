namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>A text format read a line at a time (lackey, csv): a chunk is parsed up to its last newline.</summary>
public abstract class LineTraceParser(TraceSink sink, string sourceName) : TraceChunkParser(sink, sourceName)
{
    // Optimised from the first call: a trace is read once per process, so the JIT's tiers would run most of it unoptimised.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override int Parse(ReadOnlySpan<byte> chunk, bool final)
    {
        int end = final ? chunk.Length : chunk.LastIndexOf((byte)'\n') + 1;
        int i = 0;
        while (i < end)
        {
            int nl = chunk[i..end].IndexOf((byte)'\n');
            int stop = nl < 0 ? end : i + nl;
            var line = chunk[i..stop];
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            ParseLine(line);
            if (nl < 0) break;
            Line++;
            i = stop + 1;
        }
        return end;
    }

    /// <summary>One line, without its newline (or carriage return).</summary>
    protected abstract void ParseLine(ReadOnlySpan<byte> line);
}
