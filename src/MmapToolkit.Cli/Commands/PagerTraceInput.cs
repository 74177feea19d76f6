using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// The trace <c>mmaptk pager</c> replays, read as <c>mmaptk sim</c> reads one (<see cref="TraceInput"/>: every
/// --format, "-" for standard input, .gz and .zst) and held to the pager's reference limit while it is read, so a
/// longer trace is refused in the prepare step after reading no more than the limit. (Its page numbers are pages of
/// the region: PagerRequest checks them against --pages, and the region's creation against the address space.)
/// </summary>
internal static class PagerTraceInput
{
    /// <summary>The most references a replay takes: each is a real load or store on the region (a fault costs
    /// microseconds), and the model and the replay each hold the whole trace.</summary>
    public const int MaxReferences = 10_000_000;

    /// <summary>Reads --trace TEXT or --trace-file F (exactly one of them).</summary>
    /// <param name="standardInput">What --trace-file - reads; null: the process's standard input.</param>
    public static LoadedTrace Load(string? trace, string? traceFile, TraceReadOptions options, WorkProgress progress, Stream? standardInput = null)
    {
        if ((trace is null) == (traceFile is null)) throw new ArgumentException("give exactly one of --trace and --trace-file");
        _ = options.PageShift;   // refuses a bad --page-size before anything is read
        LoadedTrace loaded;
        if (trace is not null) loaded = TraceInput.FromText(trace, options);
        else
        {
            string source = TraceInput.SourceName(traceFile!);
            var builder = new DenseTraceBuilder { SourceName = source };
            var (format, reason) = TraceInput.Read(traceFile!, options, new Capped(builder, source), progress, standardInput);
            loaded = new LoadedTrace(builder.Build(), format, reason, source);
        }
        if (loaded.Trace.Length == 0) throw new ArgumentException($"{loaded.Source}: the trace has no references");
        CheckReferences(loaded.Source, loaded.Trace.Length);
        return loaded;
    }

    private static void CheckReferences(string source, long count)
    {
        if (count > MaxReferences)
            throw new ArgumentException($"{source}: more than {MaxReferences:N0} references; the pager replays at most that many "
                                      + "(each is a real load or store): cut the trace, or use mmaptk sim");
    }

    /// <summary>Stops the read at the first reference past <see cref="MaxReferences"/>.</summary>
    private sealed class Capped(DenseTraceBuilder inner, string source) : TraceSink
    {
        private long _count;

        public override void Add(long page, bool write)
        {
            CheckReferences(source, ++_count);
            inner.Add(page, write);
        }
    }
}
