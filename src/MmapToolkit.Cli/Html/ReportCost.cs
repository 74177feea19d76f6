using MmapToolkit.Measurements;

namespace MmapToolkit.Cli.Html;

/// <summary>What the report's cost section holds: the figures this run measured and the load they were measured
/// under, or why nothing was measured. <paramref name="Skipped"/> names groups left out, with the reason.</summary>
internal sealed record ReportCostFigures(CostOptions Options, IReadOnlyList<CostMeasurement> Measurements, MachineLoad? LoadBefore,
                                         MachineLoad? LoadAfter, DateTimeOffset MeasuredAt, IReadOnlyList<string> Skipped,
                                         string? NotMeasured = null)
{
    /// <summary>The command that measures the same figures on its own.</summary>
    public string Command => ReportCost.Command(Options);
}

/// <summary>
/// The latest cost figures for <c>report --html</c>: <c>mmaptk cost</c>'s groups (<see cref="CostSuite"/>) measured by
/// the report itself, with small sizes so the whole suite takes seconds — every figure in the page comes from this
/// run, none is kept from an earlier one. The load average is read before and after, as <c>cost</c> prints it: on a
/// busy machine every time is inflated.
/// </summary>
internal static class ReportCost
{
    /// <summary>n = 1,024 pages, k = 256, 5 repetitions, fork at 1,000 and 10,000 touched heap pages: about 6 s on a
    /// loaded 2-core machine. <c>mmaptk cost</c> with its defaults measures more, and more steadily.</summary>
    public static CostOptions Options { get; } = new() { Pages = 1024, Touched = 256, Repetitions = 5, ForkSizes = [1_000, 10_000] };

    /// <summary>The groups to measure, and those left out with the reason: text on demand needs a temp directory whose
    /// pages can be evicted (not tmpfs), checked before anything runs as <c>cost</c> checks it.</summary>
    public static (IReadOnlyList<CostSuite.CostGroup> Groups, IReadOnlyList<string> Skipped) Plan()
    {
        var groups = new List<CostSuite.CostGroup>();
        var skipped = new List<string>();
        foreach (var g in CostSuite.Groups)
        {
            if (g.Name == TextOnDemandCost.Group)
            {
                try
                {
                    TextOnDemandCost.CheckDirectory(Options);
                }
                catch (ArgumentException e)
                {
                    skipped.Add($"{g.Title}: {e.Message}");
                    continue;
                }
            }
            groups.Add(g);
        }
        return (groups, skipped);
    }

    public static string Command(CostOptions o) =>
        $"mmaptk cost --pages {o.Pages} --touched {o.Touched} --repetitions {o.Repetitions} --fork-sizes {string.Join(',', o.ForkSizes)}";
}
