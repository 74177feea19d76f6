namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>
/// valgrind <c>--tool=lackey --trace-mem=yes</c> output: lines "I  0400d7d4,8", " L 7ff0007b8,8", " S …", " M …" (hex
/// address, decimal size). I (instruction fetch) and L (load) are reads; S (store) and M (modify: load then store) are
/// writes. An access that spans pages references each page in order. valgrind's own lines (<c>==PID==</c>,
/// <c>--PID--</c>) and blank lines are skipped.
/// </summary>
public sealed class LackeyTraceParser(TraceSink sink, string sourceName, int pageShift) : LineTraceParser(sink, sourceName)
{
    /// <summary>The largest access size believed (vector stores are at most a few hundred bytes).</summary>
    private const ulong MaxAccessBytes = 1 << 20;

    // Optimised from the first call: a trace is read once per process, so the JIT's tiers would run most of it unoptimised.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override void ParseLine(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && line[i] == (byte)' ') i++;
        if (i == line.Length) return;
        var rest = line[i..];
        if (rest.Length >= 2 && ((rest[0] == '=' && rest[1] == '=') || (rest[0] == '-' && rest[1] == '-'))) return;
        bool write;
        switch (rest[0])
        {
            case (byte)'I' or (byte)'L': write = false; break;
            case (byte)'S' or (byte)'M': write = true; break;
            default: throw Bad(line);
        }
        int j = 1;
        if (j >= rest.Length || rest[j] != (byte)' ') throw Bad(line);
        while (j < rest.Length && rest[j] == (byte)' ') j++;
        int comma = rest[j..].IndexOf((byte)',');
        if (comma < 0) throw Bad(line);
        var sizeText = rest[(j + comma + 1)..].TrimEnd((byte)' ');
        if (!TryParseHex(rest.Slice(j, comma), out ulong address) || !TryParseNumber(sizeText, false, out ulong size) || size > MaxAccessBytes)
            throw Bad(line);
        ulong first = address >> pageShift;
        ulong lastByte = size == 0 ? address : address + (size - 1);
        if (lastByte < address) lastByte = ulong.MaxValue;   // wraps past the top of the address space
        ulong last = lastByte >> pageShift;
        if (last > long.MaxValue) throw Bad(line);
        for (ulong p = first; p <= last; p++) Sink.Add((long)p, write);
    }

    private FormatException Bad(ReadOnlySpan<byte> line)
        => LineError($"bad lackey line '{LineText(line)}' (expected 'I|L|S|M hexaddress,size', as valgrind --tool=lackey --trace-mem=yes prints)");
}
