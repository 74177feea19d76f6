using System.IO.Compression;
using MmapToolkit.Files;
using MmapToolkit.Mapping;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Cli.Commands;

/// <summary>A trace read from a file or standard input, with the format it was read as and why.</summary>
internal sealed record LoadedTrace(DenseTrace Trace, TraceFormat Format, string Reason, string Source)
{
    /// <summary>"loop.trace: plain (detected from its content)".</summary>
    public string Describe() => Describe(Source, Format, Reason);

    public static string Describe(string source, TraceFormat format, string reason)
        => $"{source}: {TraceFormats.Name(format)} ({(reason == "--format" ? "as --format says" : "detected from " + reason)})";
}

/// <summary>LRU's curve counted as a trace was read (the trace itself never held), with the format it was read as and why.</summary>
internal sealed record LoadedCurve(LruFaultCurve Curve, TraceFormat Format, string Reason, string Source)
{
    public string Describe() => LoadedTrace.Describe(Source, Format, Reason);
}

/// <summary>
/// Opens trace input for <c>mmaptk sim</c> and <c>mmaptk trace</c>: "-" is standard input, a name ending in .gz or .zst is
/// decompressed as it is read, and a plain file is mapped (MemoryMapping) and parsed in place, so no copy of the file
/// is ever held and memory follows the trace's pages.
/// </summary>
internal static class TraceInput
{
    // Work worth a progress bar: about a second or more of reading.
    private const long ProgressBytes = 64L << 20;

    public static bool IsStandardInput(string path) => path == "-";

    /// <summary>Reads a trace given on the command line (--trace "0 1 2").</summary>
    public static LoadedTrace FromText(string text, TraceReadOptions options)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var builder = new DenseTraceBuilder(Math.Max(16, bytes.Length / 2)) { SourceName = "--trace" };
        var format = TraceReader.ReadMapped((offset, count) => bytes.AsSpan((int)offset, count), bytes.Length, "--trace", options, builder, out string reason);
        return new LoadedTrace(builder.Build(), format, reason, "--trace");
    }

    /// <summary>Reads the whole trace into a <see cref="DenseTrace"/>.</summary>
    public static LoadedTrace Load(string path, TraceReadOptions options, WorkProgress progress, Stream? standardInput = null)
    {
        var builder = new DenseTraceBuilder() { SourceName = SourceName(path) };
        var (format, reason) = Read(path, options, builder, progress, standardInput);
        return new LoadedTrace(builder.Build(), format, reason, SourceName(path));
    }

    /// <summary>Reads the trace at <paramref name="path"/> straight into LRU's curve (<c>sim --mrc</c>): one pass, and
    /// memory that follows the distinct pages, not the references.</summary>
    public static LoadedCurve LoadCurve(string path, TraceReadOptions options, WorkProgress progress, Stream? standardInput = null)
    {
        var builder = new LruCurveBuilder();
        var (format, reason) = Read(path, options, builder, progress, standardInput);
        return new LoadedCurve(builder.Build(), format, reason, SourceName(path));
    }

    /// <summary>Streams every reference of the trace at <paramref name="path"/> into <paramref name="sink"/>.</summary>
    /// <param name="standardInput">What "-" reads; null: the process's standard input.</param>
    public static (TraceFormat Format, string Reason) Read(string path, TraceReadOptions options, TraceSink sink, WorkProgress progress,
                                                           Stream? standardInput = null)
    {
        string name = SourceName(path);
        TraceFormat format;
        if (IsStandardInput(path))
        {
            using var stdin = standardInput ?? Console.OpenStandardInput();
            string r = "";
            format = TraceReader.ReadStream(stdin, name, options, sink, out r);
            return (format, r);
        }
        RequireRegularFile(path);
        long length = new FileInfo(path).Length;
        if (IsCompressed(path))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var decompressed = Decompressor(path, file);
            try
            {
                string r = "";
                format = progress.Run(length >= ProgressBytes / 8, $"reading {path}", length,
                                      sink2 => TraceReader.ReadStream(decompressed, name, options, sink, out r, sink2, () => file.Position));
                return (format, r);
            }
            catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
            {
                throw new FormatException($"{name}: not a valid compressed file: {e.Message}");
            }
        }
        if (length == 0)
        {
            // Nothing to map (mmap refuses length 0): an empty trace, in the format asked for or plain.
            return (options.Format == TraceFormat.Auto ? TraceFormat.Plain : options.Format, "an empty file");
        }
        using var mapping = new MappingOptions().Protection(Protection.Read).Private().MapFile(path);
        mapping.Advise(Advice.Sequential);
        if (sink is DenseTraceBuilder builder) builder.EnsureCapacity(ExpectedReferences(mapping, length));
        string why = "";
        int released = 0;
        format = progress.Run(length >= ProgressBytes, $"reading {path}", length, bar =>
            TraceReader.ReadMapped((offset, count) => mapping.GetSpan(offset, count), length, name, options, sink, out why, new Progress(done =>
            {
                bar.Report(done);
                // Parsed pages of the file leave this process's memory (they stay in the page cache), so memory
                // follows the trace's pages, not the file's size.
                int parsed = (int)(done / mapping.PageSize);
                if (parsed - released >= 1024)
                {
                    mapping.Pages(released, parsed - released).Advise(Advice.DontNeed);
                    released = parsed;
                }
            })));
        return (format, why);
    }

    public static string SourceName(string path) => IsStandardInput(path) ? "standard input" : path;

    private static bool IsCompressed(string path)
        => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase);

    // .zst through ZstdSharp.Port: a managed port of zstd (no native library to ship), maintained, MIT.
    private static Stream Decompressor(string path, Stream file)
        => path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase)
            ? new ZstdSharp.DecompressionStream(file)
            : new GZipStream(file, CompressionMode.Decompress);

    // Room for the references before parsing, so the arrays need not grow (each growth copies them): the exact count
    // for the binary format, the number of lines for text (one reference per line in most traces; exact, since
    // a count one too high costs a copy of the whole trace when the builder trims its arrays).
    internal static int ExpectedReferences(MemoryMapping mapping, long length)
    {
        if (length >= BinaryTrace.HeaderBytes && mapping.GetSpan(0, 8).SequenceEqual(BinaryTrace.Magic))
            return (int)Math.Min(DenseTraceBuilder.MaxReferences, (length - BinaryTrace.HeaderBytes) / BinaryTrace.RecordBytes);
        // Counted a slice at a time, each slice's pages dropped from this process's memory once counted: the
        // whole file resident at once would be the run's peak (they stay in the page cache for the parse).
        const int Slice = 1 << 24;
        long lines = mapping.GetSpan(length - 1, 1)[0] == (byte)'\n' ? 0 : 1;   // a last line without its newline
        for (long offset = 0; offset < length; offset += Slice)
        {
            int count = (int)Math.Min(Slice, length - offset);
            lines += mapping.GetSpan(offset, count).Count((byte)'\n');
            mapping.Pages((int)(offset / mapping.PageSize), (count + mapping.PageSize - 1) / mapping.PageSize).Advise(Advice.DontNeed);
        }
        return (int)Math.Min(DenseTraceBuilder.MaxReferences, lines);
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>A trace file is a regular file: a directory, a device (/dev/zero never ends) or a pipe is refused by name.</summary>
    internal static void RequireRegularFile(string path)
    {
        if (path.Length == 0) throw new ArgumentException("--trace-file needs a file name, got an empty string");
        var type = FileTypes.Of(path);
        if (type == FileType.Missing) throw new FileNotFoundException($"trace file '{path}' does not exist", path);
        if (type != FileType.RegularFile)
            throw new ArgumentException($"trace file '{path}' is {FileTypes.Describe(type)}, not a regular file of page numbers");
    }
}
