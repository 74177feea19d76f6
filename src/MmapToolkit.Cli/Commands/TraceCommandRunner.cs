using System.Globalization;
using System.Text.Json;
using MmapToolkit.Model.Replacement.Traces;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>What <c>mmaptk trace convert|gen|stats</c> do, writing text to any TextWriter (tests run them in-process):
/// each a prepare step (TraceCommandPrepare.cs) and a run step here.</summary>
internal static partial class TraceRunner
{
    public static int Convert(string input, string output, TraceReadOptions options, string? to, TextWriter text, WorkProgress progress,
                              Stream? standardInput = null, Stream? standardOutput = null)
        => Convert(PrepareConvert(input, output, options, to, progress, standardInput), text, progress, standardInput, standardOutput);

    public static int Convert(TraceConvertPlan plan, TextWriter text, WorkProgress progress, Stream? standardInput = null, Stream? standardOutput = null)
    {
        var (input, output, options, format) = (plan.Input, plan.Output, plan.Options, plan.Format);
        long written;
        TraceFormat read;
        string reason;
        using (var stream = TraceOutputFile.Open(output, standardOutput))
        {
            if (plan.Loaded is { } loaded)
            {
                // oracleGeneral: each record holds the position of the page's next use, so the whole trace was loaded first.
                TraceWriter.WriteAll(loaded.Trace, format, stream, options.PageSize);
                (written, read, reason) = (loaded.Trace.Length, loaded.Format, loaded.Reason);
            }
            else
            {
                using var writer = TraceWriter.Create(format, stream, options.PageSize);
                (read, reason) = TraceInput.Read(input, options, writer, progress, standardInput);
                writer.Flush();
                written = writer.Written;
            }
        }
        if (output != "-")
            text.WriteLine($"{new LoadedTrace(null!, read, reason, TraceInput.SourceName(input)).Describe()} -> {output}: "
                         + $"{TraceFormats.Name(format)}, {written:N0} references");
        return 0;
    }

    public static int Generate(TraceGenerationOptions options, string output, string? to, TextWriter text, Stream? standardOutput = null)
        => Generate(PrepareGenerate(options, output, to), text, standardOutput);

    public static int Generate(TraceGenPlan plan, TextWriter text, Stream? standardOutput = null)
    {
        var (options, output, format) = (plan.Options, plan.Output, plan.Format);
        using (var stream = TraceOutputFile.Open(output, standardOutput))
        {
            if (format == TraceFormat.OracleGeneral)
            {
                var builder = new DenseTraceBuilder();
                TraceGenerator.Generate(options, builder);
                TraceWriter.WriteAll(builder.Build(), format, stream, Environment.SystemPageSize);
            }
            else
            {
                using var writer = TraceWriter.Create(format, stream, Environment.SystemPageSize);
                TraceGenerator.Generate(options, writer);
            }
        }
        if (output != "-")
            text.WriteLine($"{output}: {TraceFormats.Name(format)}, {options.Length:N0} references, {options.Kind.ToString().ToLowerInvariant()} over {options.Pages:N0} pages, seed {options.Seed}");
        return 0;
    }

    public static int Stats(string input, TraceReadOptions options, int? window, int samples, bool json, TextWriter output, WorkProgress progress,
                            Stream? standardInput = null)
        => Stats(PrepareStats(input, options, window, samples, json, progress, standardInput), output, progress);

    /// <param name="width">The columns the sentences are wrapped at (the command gives its output's width; 80 is a pipe's).</param>
    public static int Stats(TraceStatsPlan plan, TextWriter output, WorkProgress progress, int width = 80)
    {
        var (loaded, json) = (plan.Loaded, plan.Json);
        var trace = loaded.Trace;
        var s = progress.Run(trace.Length >= 20_000_000, "reuse distances and working set", null, _ => TraceStatistics.Compute(trace, plan.Window, plan.Samples));
        if (plan.Csv)
        {
            WriteStatsCsv(output, s);
            return 0;
        }
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                Source = loaded.Source, Format = TraceFormats.Name(loaded.Format), s.References, s.DistinctPages, s.Stores, s.ColdMisses,
                ReuseDistances = s.ReuseDistances, s.Window, WorkingSet = s.WorkingSet, s.MeanWorkingSet, s.MaxWorkingSet,
            }, CommandRunner.Json));
            return 0;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;   // tables only: a few figures and a bar of at most 40 marks; sentences are wrapped at the width
        var prose = new ProseWriter(output, width);
        prose.Line(loaded.Describe());
        prose.Line($"{s.References:N0} references, {s.DistinctPages:N0} distinct pages, {s.Stores:N0} stores ({Percent(s.Stores, s.References)}), "
                 + $"{s.ColdMisses:N0} first references");
        prose.Line("Reuse distance (1 + distinct pages since the page's previous reference; LRU with k frames hits exactly those <= k):");
        var reuse = new Table().AddColumn(new TableColumn("distance").RightAligned()).AddColumn(new TableColumn("references").RightAligned())
                               .AddColumn(new TableColumn("share").RightAligned()).AddColumn(new TableColumn("LRU hits with that many frames").RightAligned());
        long cumulative = 0;
        foreach (var b in s.ReuseDistances)
        {
            cumulative += b.References;
            reuse.AddRow(b.From == b.To ? N(b.From) : $"{N(b.From)}-{N(b.To)}", N(b.References), Percent(b.References, s.References),
                         $"{Percent(cumulative, s.References)} at {N(b.To)}");
        }
        reuse.AddRow("first use", N(s.ColdMisses), Percent(s.ColdMisses, s.References), "never");
        console.Write(reuse);
        prose.Line($"Working-set size W(t, {N(s.Window)}): distinct pages among the last {N(s.Window)} references; mean {s.MeanWorkingSet:F1}, max {N(s.MaxWorkingSet)}");
        var ws = new Table().AddColumn(new TableColumn("t").RightAligned()).AddColumn(new TableColumn("W(t, Δ)").RightAligned()).AddColumn("");
        int widest = Math.Max(1, s.WorkingSet.Count == 0 ? 1 : s.WorkingSet.Max(p => p.Pages));
        foreach (var p in s.WorkingSet) ws.AddRow(N(p.Time), N(p.Pages), new string('#', (int)Math.Round(40.0 * p.Pages / widest)));
        console.Write(ws);
        return 0;
    }

    /// <summary>Both of stats' tables in one CSV: a row per reuse-distance bucket (from..to, references, share), the
    /// first uses (no distance), then a row per working-set sample (t, W(t, Δ)).</summary>
    private static void WriteStatsCsv(TextWriter output, TraceStatistics s)
    {
        double Share(long n) => s.References == 0 ? 0 : (double)n / s.References;
        var rows = s.ReuseDistances.Select(b => (IReadOnlyList<object?>)["reuse_distance", b.From, b.To, b.References, Share(b.References)])
            .Append(["first_use", null, null, s.ColdMisses, Share(s.ColdMisses)])
            .Concat(s.WorkingSet.Select(p => (IReadOnlyList<object?>)["working_set", p.Time, p.Time, p.Pages, null]));
        CsvOutput.Write(output, ["table", "from", "to", "value", "share"], rows);
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole)
        => (whole == 0 ? 0 : 100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
