using MmapToolkit.Demos.Running;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// The JSON shape of one demo's result: name, agree, differences (counter, model, kernel, reason), every comparison, and
/// per step the region pages that faulted on each side (<c>fault_pages</c>: lists, not ranges); with --steps also each
/// side's faults one by one and the model's event log; for a demo with a working-set view (<c>working_set</c>), each
/// replay window by window. Counter values that are numbers are JSON numbers ("model": 4,
/// "kernel": 0.003982); the others ("0-15", "p0=2") strings; steps are words without the scenario file's padding.
/// </summary>
internal static class DemoJson
{
    public static object Of(DemoResult r, bool steps) => new
    {
        r.Name,
        r.Scenario.Topic,
        Title = r.Scenario.TopicTitle,
        r.Agree,
        KernelSkipped = r.KernelSkipped,
        Conditions = r.Conditions is { } c ? new
        {
            FactsSource = c.Facts.Source,
            c.Facts.ZeroPageOnRead,
            c.Facts.FaultAroundPages,
            ModelZeroPage = c.ModelZeroPage,
        } : null,
        Counts = new
        {
            Agree = r.Count(Verdict.Agree),
            DifferExplained = r.Count(Verdict.DifferExplained),
            DifferUnexplained = r.Count(Verdict.DifferUnexplained),
            NotCompared = r.Count(Verdict.NotCompared),
        },
        Differences = r.Differences.Select(d => new
        {
            d.Line, Step = DemoText.Step(d.Step), d.Counter, Model = DemoText.JsonValue(d.Model.Value), Kernel = DemoText.JsonValue(d.Kernel.Value), d.Reason,
            Explained = d.Verdict == Verdict.DifferExplained,
        }),
        Comparisons = r.Comparisons.Select(c => new
        {
            c.Line, Step = DemoText.Step(c.Step), c.Counter, Model = DemoText.JsonValue(c.Model.Value), Kernel = DemoText.JsonValue(c.Kernel.Value), c.Verdict, c.Reason,
        }),
        FaultPages = r.Events.Where(e => e.ModelFaults is not null || e.KernelFaults is not null).Select(e => new
        {
            e.Line, Step = DemoText.Step(e.Step), e.PrePaging,
            Region = (e.ModelFaults ?? e.KernelFaults)!.Region,
            Model = Side(e.ModelFaults, steps),
            Kernel = Side(e.KernelFaults, steps),
        }),
        WorkingSet = r.Events.Where(e => e.WorkingSet is not null).Select(e => WorkingSetOf(e.Line, e.Step, e.WorkingSet!)),
        Events = steps ? r.Events.Select(e => new { e.Line, Step = DemoText.Step(e.Step), e.Model, e.Kernel }) : null,
    };

    /// <summary>A replay's working-set view: Δ, the frames, and per window its references, W(t, Δ) at its end and at most,
    /// and each side's faults and faults per reference (null on the kernel's side when not counted, with the reason).</summary>
    private static object WorkingSetOf(int line, string step, WorkingSetWindows v) => new
    {
        Line = line, Step = DemoText.Step(step), v.Policy, v.Frames, v.Delta, v.Window, v.KernelUnavailable,
        Windows = v.Windows.Select(w => new
        {
            w.First, w.Last, w.References, w.WorkingSet, w.MaxWorkingSet, w.ModelFaults, w.KernelFaults,
            ModelFaultRate = Math.Round(w.ModelFaultRate, 6), KernelFaultRate = w.KernelFaultRate is { } k ? Math.Round(k, 6) : (double?)null,
        }),
    };

    /// <summary>One side's pages (null when not recorded, with the reason), and with --steps its faults one by one.</summary>
    private static object? Side(StepFaultLog? log, bool steps) => log is null ? null : new
    {
        Pages = log.IsAvailable ? log.Pages : null,
        log.Unavailable,
        log.Note,
        Faults = steps && log.IsAvailable ? log.Faults.Select(f => new { f.Page, f.What, f.PrePaged }) : null,
    };
}
