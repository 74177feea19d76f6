using MmapToolkit.Demos.Running;

namespace MmapToolkit.Cli.Commands;

/// <summary>The JSON shape of one demo's result: name, agree, differences (counter, model, kernel, reason), and every comparison.</summary>
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
            d.Line, d.Step, d.Counter, Model = d.Model.Value, Kernel = d.Kernel.Value, d.Reason,
            Explained = d.Verdict == Verdict.DifferExplained,
        }),
        Comparisons = r.Comparisons.Select(c => new
        {
            c.Line, c.Step, c.Counter, Model = c.Model.Value, Kernel = c.Kernel.Value, c.Verdict, c.Reason,
        }),
        Events = steps ? r.Events : null,
    };
}
