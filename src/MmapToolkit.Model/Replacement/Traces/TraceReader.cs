namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>A slice of a source that may be larger than one span (a mapped file over 2 GiB).</summary>
public delegate ReadOnlySpan<byte> SliceReader(long offset, int length);

/// <summary>
/// Drives a <see cref="TraceChunkParser"/> over a whole input: a mapped file (slices of it, never copied) or a stream
/// (a buffer refilled as the parser consumes it). The format is detected from the first bytes when asked for
/// <see cref="TraceFormat.Auto"/>.
/// </summary>
public static class TraceReader
{
    /// <summary>Bytes handed to the parser at a time: progress is reported between slices.</summary>
    private const int SliceBytes = 16 << 20;

    /// <summary>The longest line (or token) accepted from a stream: a buffer of this size without one is refused.</summary>
    public const int MaxLineBytes = 64 << 20;

    public static TraceChunkParser CreateParser(TraceFormat format, TraceReadOptions options, TraceSink sink, string sourceName) => format switch
    {
        TraceFormat.Plain => new TokenTraceParser(sink, sourceName),
        TraceFormat.Addresses => new TokenTraceParser(sink, sourceName, addresses: true, options.PageShift),
        TraceFormat.Lackey => new LackeyTraceParser(sink, sourceName, options.PageShift),
        TraceFormat.Csv => new CsvTraceParser(sink, sourceName, options.CsvColumn),
        TraceFormat.OracleGeneral => new OracleGeneralTraceParser(sink, sourceName),
        TraceFormat.Binary => new BinaryTraceParser(sink, sourceName),
        _ => throw new ArgumentException($"no parser for format {format}"),
    };

    /// <summary>The format to read with: the one asked for, or the detected one and why.</summary>
    public static (TraceFormat Format, string Reason) Choose(TraceReadOptions options, string? name, ReadOnlySpan<byte> head)
        => options.Format == TraceFormat.Auto ? TraceFormatDetector.Detect(name, head) : (options.Format, "--format");

    /// <summary>Reads <paramref name="length"/> bytes reached through <paramref name="slice"/> (a mapped file).</summary>
    public static TraceFormat ReadMapped(SliceReader slice, long length, string sourceName, TraceReadOptions options, TraceSink sink,
                                         out string reason, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var head = slice(0, (int)Math.Min(length, TraceFormatDetector.HeadBytes));
        (TraceFormat format, reason) = Choose(options, sourceName, SkipBom(head, out int bom));
        var parser = CreateParser(format, options, sink, sourceName);
        long offset = bom;
        int window = SliceBytes;
        while (true)
        {
            int n = (int)Math.Min(window, length - offset);
            bool final = offset + n == length;
            int consumed = parser.Feed(slice(offset, n), final);
            if (final) break;
            if (consumed == 0)
            {
                if (window >= MaxLineBytes) throw LineTooLong(sourceName, parser);
                window *= 2;   // one token longer than the window: look further
                continue;
            }
            offset += consumed;
            progress?.Report(offset);
        }
        progress?.Report(length);
        return format;
    }

    /// <summary>Reads a whole stream (standard input, a decompressor) a buffer at a time.</summary>
    /// <param name="position">Progress in the source's own unit (compressed bytes read, say); null: bytes consumed.</param>
    public static TraceFormat ReadStream(Stream stream, string sourceName, TraceReadOptions options, TraceSink sink,
                                         out string reason, IProgress<long>? progress = null, Func<long>? position = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[1 << 20];
        int filled = Fill(stream, buffer, 0, out bool eof);
        (TraceFormat format, reason) = Choose(options, sourceName, SkipBom(buffer.AsSpan(0, Math.Min(filled, TraceFormatDetector.HeadBytes)), out int bom));
        var parser = CreateParser(format, options, sink, sourceName);
        int start = bom;
        while (true)
        {
            int consumed = parser.Feed(buffer.AsSpan(start, filled - start), eof);
            if (eof) break;
            start += consumed;
            if (start == 0 && filled == buffer.Length)
            {
                if (buffer.Length >= MaxLineBytes) throw LineTooLong(sourceName, parser);
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            else
            {
                // Keep the unconsumed tail at the front and refill behind it.
                Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                start = 0;
            }
            filled = Fill(stream, buffer, filled, out eof);
            progress?.Report(position?.Invoke() ?? parser.Offset);
        }
        return format;
    }

    private static int Fill(Stream stream, byte[] buffer, int filled, out bool eof)
    {
        eof = false;
        while (filled < buffer.Length)
        {
            int n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0) { eof = true; break; }
            filled += n;
        }
        return filled;
    }

    private static ReadOnlySpan<byte> SkipBom(ReadOnlySpan<byte> head, out int bom)
    {
        bom = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        return head[bom..];
    }

    private static FormatException LineTooLong(string source, TraceChunkParser parser)
        => new($"{source}: line {parser.Line}: more than {MaxLineBytes >> 20} MiB without a separator: not a trace in this format");
}
