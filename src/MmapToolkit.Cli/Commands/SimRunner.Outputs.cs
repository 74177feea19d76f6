using MmapToolkit.Cli.Charts;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Cli.Commands;

/// <summary>sim's --chart and --csv: which modes they go with, and what they write.</summary>
internal static partial class SimRunner
{
    /// <summary>The output options alone, before the trace is read: the chart's name, and one of --json and --csv.</summary>
    private static ChartFile? CheckOutputOptions(SimRequest request)
    {
        if (request.Json && request.Csv) throw new ArgumentException("give only one of --json and --csv");
        return ChartFile.Parse(request.Chart);
    }

    /// <summary>--chart draws faults against frames, so it needs several frame counts; --csv needs a table.</summary>
    private static void CheckOutputsFit(SimPlan plan)
    {
        var r = plan.Request;
        string mode = plan.Mode switch { SimMode.Belady => "--belady", SimMode.Subset => "--subset", _ => "" };
        if (r.Chart is not null && plan.Mode is not (SimMode.Range or SimMode.Mrc))
            throw new ArgumentException(mode.Length > 0
                ? $"--chart draws faults against frames: it goes with --frames A..B or --mrc, not with {mode}"
                : $"--chart draws faults against frames: give a range --frames A..B (got --frames {r.Frames}) or --mrc");
        if (r.Csv && mode.Length > 0)
            throw new ArgumentException($"--csv writes a table, and {mode} prints a sentence: give --json for scripts");
        if (r.Csv && plan.Mode == SimMode.Variable)
            throw new ArgumentException($"--csv writes a table of frame counts, and --policy {plan.Policy} chooses its own frames: give --json for scripts");
        if (r.Csv && r.Table)
            throw new ArgumentException("--csv writes the figures, not the notes' frame table: give one of --csv and --table");
    }

    private static void WriteCsv(TextWriter output, SimulationResult r)
        => CsvOutput.Write(output, ["policy", "frames", "references", "faults", "hits", "fault_rate", "evictions", "swap_outs", "swap_ins"],
                           [[r.Policy, r.Frames, r.References, r.Faults, r.Hits, r.FaultRate, r.Evictions, r.SwapOuts, r.SwapIns]]);

    private static void WriteCsv(TextWriter output, List<MrcPoint> points, long references)
    {
        var knees = Knees(points.Count, i => points[i].Faults);
        CsvOutput.Write(output, ["frames", "faults", "fault_rate", "knee"],
                        points.Select((p, i) => (IReadOnlyList<object?>)[p.Frames, p.Faults, (double)p.Faults / references, knees.Contains(i)]));
    }

    /// <summary>One policy: the single-policy table's columns; several: a faults column per policy, as the table.
    /// Every frame count, where the text table may show a summary.</summary>
    private static void WriteCsv(TextWriter output, int[] counts, IReadOnlyList<string> policies, Dictionary<string, List<SimulationResult>> table,
                                 Dictionary<string, List<int>> anomalies)
    {
        if (policies.Count == 1)
        {
            var results = table[policies[0]];
            var anomaly = anomalies[policies[0]];
            CsvOutput.Write(output, ["frames", "faults", "hits", "fault_rate", "belady_anomaly"],
                            results.Select(r => (IReadOnlyList<object?>)[r.Frames, r.Faults, r.Hits, r.FaultRate, anomaly.Contains(r.Frames)]));
            return;
        }
        CsvOutput.Write(output, ["frames", .. policies],
                        counts.Select((k, i) => (IReadOnlyList<object?>)[k, .. policies.Select(p => (object?)table[p][i].Faults)]));
    }

    private static void SaveRangeChart(ChartFile chart, int[] counts, IReadOnlyList<string> policies, Dictionary<string, List<SimulationResult>> table,
                                       Dictionary<string, List<int>> anomalies, DenseTrace dense)
    {
        var series = policies.Select(p => new FaultSeries(p, counts, table[p].Select(r => r.Faults).ToArray(), anomalies[p])).ToList();
        var lru = LruFaultCurve.Compute(dense);
        var onePass = new FaultSeries("lru", counts, counts.Select(k => lru.Faults(k)).ToArray(), []);
        chart.Save(FaultCurveChart.Build(ChartTitle(dense.Length, dense.Distinct), series, onePass));
    }

    private static void SaveMrcChart(ChartFile chart, List<MrcPoint> points, LruFaultCurve curve)
    {
        int[] frames = [.. points.Select(p => p.Frames)];
        var onePass = new FaultSeries("lru", frames, [.. points.Select(p => p.Faults)], []);
        chart.Save(FaultCurveChart.Build(ChartTitle(curve.References, curve.DistinctPages), [], onePass));
    }

    internal static string ChartTitle(long references, int distinct) => $"page faults per frame count: {references:N0} references, {distinct:N0} distinct pages";
}
