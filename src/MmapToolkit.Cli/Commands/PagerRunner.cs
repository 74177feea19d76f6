using MmapToolkit.Cli.Charts;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;
using MmapToolkit.Pager;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk pager</c>, checked: the trace, read and parsed, and the region it is replayed on
/// (its sizes checked by <see cref="PagerOptions.Validate"/>).</summary>
internal sealed record PagerRequest(IReadOnlyList<PageReference> References, PagerOptions Region, bool Events, bool Json,
                                    bool Csv = false, ChartFile? Chart = null)
{
    /// <param name="read">How --trace-file is read (--format, --page-size, --csv-column); null: auto.</param>
    /// <param name="standardInput">What --trace-file - reads; null: the process's standard input.</param>
    public static PagerRequest From(string policy, int frames, string? trace, string? traceFile, long? pages, ulong seed, string? backend, bool events, bool json,
                                    bool csv = false, string? chart = null, TraceReadOptions? read = null, WorkProgress? progress = null,
                                    Stream? standardInput = null, long? tau = null)
    {
        if (json && csv) throw new ArgumentException("give only one of --json and --csv");
        var chartFile = ChartFile.Parse(chart);
        var pagerPolicy = PagerPolicyNames.Parse(policy);
        if (tau is not null && pagerPolicy != PagerPolicy.WsClock)
            throw new ArgumentException($"--tau is a parameter of wsclock, not of --policy {pagerPolicy.Name()}");
        var loaded = PagerTraceInput.Load(trace, traceFile, read ?? new TraceReadOptions(), progress ?? WorkProgress.None, standardInput);
        var references = loaded.Trace.ToReferences();
        long highest = loaded.Trace.PageOfId.Max();
        long pageCount = pages ?? Math.Max(highest + 1, frames);
        if (pageCount <= highest) throw new ArgumentException($"--pages {pageCount} is too small: the trace references page {highest}");
        if (pageCount < frames) throw new ArgumentException($"--frames {frames} is more than --pages {pageCount}");
        var region = new PagerOptions
        {
            Pages = pageCount, Frames = frames, Policy = pagerPolicy, Seed = seed, Backend = PagerBackendOption.Parse(backend),
            Tau = tau ?? PagerOptions.DefaultTau,
        };
        region.Validate(OptionNames.Of);
        return new PagerRequest(references, region, events, json, csv, chartFile);
    }
}

/// <summary>What <c>mmaptk pager</c> does: replays the trace on a real region and on the model, and prints both.</summary>
internal static class PagerRunner
{
    public static int Execute(PagerRequest request, CommandOutput output)
    {
        var options = request.Region;
        // The region first: the sizes the kernel refuses (address space, vm.max_map_count) are reported before any work.
        using var pager = new UserPager(options);
        var model = PagerModelCounts.For(options, request.References);
        bool wsclock = options.Policy == PagerPolicy.WsClock;
        var log = pager.OpenEventLog();
        var accesses = request.References.Select(r => new PagerAccess(r.Page, r.IsWrite)).ToArray();
        var real = output.Progress.Run(true, $"replaying {accesses.Length:N0} references on the pager", accesses.Length,
                                       sink => PagerReplay.Run(pager, accesses, sink.Report));
        var logged = request.Events || request.Chart is not null ? log.ReadNew() : [];
        var faultEvents = request.Events ? logged : [];
        request.Chart?.Save(FaultTimelineChart.Build(
            $"{options.Policy.Name()}, {options.Frames} frames: faults on the pager ({pager.Backend.Name()})", logged, log.Lost));

        var report = new
        {
            Policy = options.Policy.Name(),
            Backend = pager.Backend.Name(),
            BackendReason = pager.BackendChoice.Reason,
            UserfaultfdMode = pager.UserfaultfdMode,
            options.Frames,
            options.Pages,
            Tau = wsclock ? options.Tau : (long?)null,
            References = real.References,
            Faults = real.Faults,
            ModelFaults = model.Faults,
            Evictions = real.Evictions,
            ModelEvictions = model.Evictions,
            SwapOuts = real.SwapOuts,
            ModelSwapOuts = model.SwapOuts,
            SwapIns = real.SwapIns,
            ModelSwapIns = model.SwapIns,
            ZeroFills = real.Counts.ZeroFills,
            ReferenceFaults = real.ReferenceFaults,
            DirtyFaults = real.DirtyFaults,
            BytesWritten = real.Counts.BytesWritten,
            BytesRead = real.Counts.BytesRead,
            EvictionsInWorkingSet = wsclock ? real.Counts.EvictionsInWorkingSet : (long?)null,
            ModelEvictionsInWorkingSet = model.EvictionsInWorkingSet,
            MaxResident = wsclock ? real.Counts.ResidentPages : (long?)null,
            ModelMaxResident = model.MaxResident,
            // Each count the model has must be equal (WSClock's model counts no swap-ins).
            Match = real.Faults == model.Faults && real.Evictions == model.Evictions && real.SwapOuts == model.SwapOuts
                    && (model.SwapIns is null || real.SwapIns == model.SwapIns)
                    && (!wsclock || (real.Counts.EvictionsInWorkingSet == model.EvictionsInWorkingSet && real.Counts.ResidentPages == model.MaxResident)),
            Events = faultEvents.Select(e => new { e.Sequence, e.Page, Cause = e.Cause.Label(), e.Frame, e.Victim, Write = e.IsWrite, e.VictimSwappedOut }).ToArray(),
        };
        if (request.Json)
        {
            output.WriteJson(report);
            return 0;
        }
        if (request.Csv)
        {
            // The table's rows; the model has no reference or dirty faults (it sees every access).
            CsvOutput.Write(output.Out, ["counter", "pager", "model"],
            [
                ["page_faults", report.Faults, report.ModelFaults], ["evictions", report.Evictions, report.ModelEvictions],
                ["swap_outs", report.SwapOuts, report.ModelSwapOuts], ["swap_ins", report.SwapIns, report.ModelSwapIns],
                ["reference_faults", report.ReferenceFaults, null], ["dirty_faults", report.DirtyFaults, null],
                .. (wsclock
                    ? new List<IReadOnlyList<object?>>
                    {
                        new object?[] { "evictions_in_working_set", report.EvictionsInWorkingSet, report.ModelEvictionsInWorkingSet },
                        new object?[] { "max_resident", report.MaxResident, report.ModelMaxResident },
                    }
                    : []),
            ]);
            return 0;
        }

        var console = output.Console;
        string parameter = wsclock ? $" (tau {options.Tau})" : "";
        console.MarkupLine($"[bold]{report.Policy}[/]{parameter}, {options.Frames} frames, {report.References} references over {options.Pages} pages of {pager.PageSize} B");
        console.MarkupLine($"backend {Markup.Escape(PagerBackendOption.Describe(pager))}");
        var table = new Table().AddColumn("").AddColumn(new TableColumn("pager (real faults)").RightAligned()).AddColumn(new TableColumn("model").RightAligned());
        table.AddRow("page faults", report.Faults.ToString(), report.ModelFaults.ToString());
        table.AddRow("evictions", report.Evictions.ToString(), report.ModelEvictions.ToString());
        table.AddRow("swap-outs (dirty write-backs)", report.SwapOuts.ToString(), report.ModelSwapOuts.ToString());
        table.AddRow("swap-ins", report.SwapIns.ToString(), report.ModelSwapIns?.ToString() ?? "-");
        if (wsclock)
        {
            table.AddRow("victims inside the working set", report.EvictionsInWorkingSet.ToString()!, report.ModelEvictionsInWorkingSet.ToString()!);
            table.AddRow("frames used (max resident)", report.MaxResident.ToString()!, report.ModelMaxResident.ToString()!);
        }
        table.AddRow("reference faults (bit/recency emulation)", report.ReferenceFaults.ToString(), "-");
        table.AddRow("dirty faults (first store after a load)", report.DirtyFaults.ToString(), "-");
        console.Write(table);
        console.MarkupLine(report.Match ? "[green]the pager's real faults equal the model's[/]" : "[red]the pager and the model disagree[/]");
        foreach (var e in faultEvents) console.WriteLine(e.ToString());
        if (request.Chart is { } chart) output.Out.WriteLine(chart.Describe());
        return 0;
    }
}
