namespace MmapToolkit.Measurements;

/// <summary>
/// The costs the course notes talk about, measured on this kernel in one run: the groups of <c>mmaptk cost</c>,
/// in the order they run. Each group validates the options, measures every figure with one warm-up and
/// <see cref="CostOptions.Repetitions"/> measured repetitions, and leaves no mapping, child or file behind.
/// Forks happen only in native code (<see cref="Agents.ChildAgent"/>, docs/design.md rule 1).
/// </summary>
public static class CostSuite
{
    /// <summary>One group: its name (for <c>--only</c>), a title, how many progress steps it reports, and the measuring function.</summary>
    public sealed record CostGroup(string Name, string Title, Func<CostOptions, int> Steps,
                                   Func<CostOptions, Action?, IReadOnlyList<CostMeasurement>> Measure);

    /// <summary>Every group, in the order <c>mmaptk cost</c> runs them.</summary>
    public static IReadOnlyList<CostGroup> Groups { get; } =
    [
        new(DemandZeroCost.Group, "demand-zero vs memset", DemandZeroCost.Steps, DemandZeroCost.Measure),
        new(CopyOnWriteCost.Group, "copy-on-write fault", CopyOnWriteCost.Steps, CopyOnWriteCost.Measure),
        new(ForkCost.Group, "fork as the heap grows", ForkCost.Steps, ForkCost.Measure),
        new(TextOnDemandCost.Group, "text on demand vs read()", TextOnDemandCost.Steps, TextOnDemandCost.Measure),
    ];

    /// <summary>The group called <paramref name="name"/>, or an <see cref="ArgumentException"/> listing the names.</summary>
    public static CostGroup Find(string name) =>
        Groups.FirstOrDefault(g => g.Name == name)
        ?? throw new ArgumentException($"no cost group '{name}': choose one of {string.Join(", ", Groups.Select(g => g.Name))}");
}
