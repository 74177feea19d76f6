using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>trace convert</c>, checked: the formats, the input file, and for oracleGeneral output the whole trace,
/// loaded (each record holds the position of the page's next use).</summary>
internal sealed record TraceConvertPlan(string Input, string Output, TraceReadOptions Options, TraceFormat Format, LoadedTrace? Loaded);

/// <summary><c>trace gen</c>, checked: the generator's options and the output's format.</summary>
internal sealed record TraceGenPlan(TraceGenerationOptions Options, string Output, TraceFormat Format);

/// <summary><c>trace stats</c>, checked: the trace, loaded, and the window and sample count.</summary>
internal sealed record TraceStatsPlan(LoadedTrace Loaded, int Window, int Samples, bool Json, bool Csv = false);

/// <summary>The trace commands' prepare steps: everything the user can get wrong is refused here (ArgumentException,
/// or FormatException for a trace that does not parse), before any output is written.</summary>
internal static partial class TraceRunner
{
    public static TraceConvertPlan PrepareConvert(string input, string output, TraceReadOptions options, string? to, WorkProgress progress,
                                                  Stream? standardInput = null)
    {
        var format = OutputFormat(output, to);
        if (output != "-" && input != "-" && Path.GetFullPath(input) == Path.GetFullPath(output))
            throw new ArgumentException($"'{output}' is the input too: write the converted trace to another file");
        _ = options.PageShift;   // refuses a bad --page-size
        if (!TraceInput.IsStandardInput(input)) TraceInput.RequireRegularFile(input);
        var loaded = format == TraceFormat.OracleGeneral ? TraceInput.Load(input, options, progress, standardInput) : null;
        TraceOutputFile.CheckWritable(output, "OUT");
        return new TraceConvertPlan(input, output, options, format, loaded);
    }

    public static TraceGenPlan PrepareGenerate(TraceGenerationOptions options, string output, string? to)
    {
        var format = OutputFormat(output, to);
        // The generator checks its options before it makes the first reference: asked for none (or the negative length
        // it refuses), it checks them and writes nothing.
        TraceGenerator.Generate(options with { Length = Math.Min(options.Length, 0) }, Discard.Instance);
        if (format == TraceFormat.OracleGeneral && options.Length > DenseTraceBuilder.MaxReferences)
            throw new ArgumentException($"--length {options.Length:N0}: an oracleGeneral trace is made whole first, and holds at most "
                                      + $"{DenseTraceBuilder.MaxReferences:N0} references; write plain, csv or binary for more");
        TraceOutputFile.CheckWritable(output, "--out");
        return new TraceGenPlan(options, output, format);
    }

    public static TraceStatsPlan PrepareStats(string input, TraceReadOptions options, int? window, int samples, bool json, WorkProgress progress,
                                              Stream? standardInput = null, bool csv = false)
    {
        if (json && csv) throw new ArgumentException("give only one of --json and --csv");
        var loaded = TraceInput.Load(input, options, progress, standardInput);
        int delta = window ?? Math.Max(1, loaded.Trace.Length / 100);
        // The statistics check the window and sample count first: on no references, that is all they do.
        TraceStatistics.Compute(new DenseTraceBuilder().Build(), delta, samples);
        return new TraceStatsPlan(loaded, delta, samples, json, csv);
    }

    /// <summary>The format to write: --to, else from the name without .gz/.zst (.csv, .bin/.mmtrace, .oracleGeneral[.bin]), else plain.</summary>
    internal static TraceFormat OutputFormat(string output, string? to)
    {
        TraceFormat format;
        if (to is not null) format = TraceFormats.Parse(to);
        else
        {
            string n = TraceFormatDetector.StripCompression(output).ToLowerInvariant();
            format = n.EndsWith(".csv") ? TraceFormat.Csv
                   : n.EndsWith(".oraclegeneral") || n.EndsWith(".oraclegeneral.bin") ? TraceFormat.OracleGeneral
                   : n.EndsWith(".bin") || n.EndsWith(".mmtrace") ? TraceFormat.Binary
                   : TraceFormat.Plain;
        }
        if (Array.IndexOf(TraceWriter.Writable, format) < 0)
            throw new ArgumentException($"--to {TraceFormats.Name(format)}: traces are written as plain, csv, binary or oracleGeneral");
        return format;
    }

    private sealed class Discard : TraceSink
    {
        public static Discard Instance { get; } = new();

        public override void Add(long page, bool write) { }
    }
}
