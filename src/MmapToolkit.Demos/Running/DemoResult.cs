using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Running;

/// <summary>The outcome of one demo: every comparison, and whether the run passes (no unexplained difference).</summary>
public sealed record DemoResult(Scenario Scenario, IReadOnlyList<CounterComparison> Comparisons, IReadOnlyList<StepEvents> Events, string? KernelSkipped,
                                DemoConditions? Conditions = null)
{
    public string Name => Scenario.Name;

    public bool Agree => !Comparisons.Any(c => c.Verdict == Verdict.DifferUnexplained);

    public int Count(Verdict verdict) => Comparisons.Count(c => c.Verdict == verdict);

    public IEnumerable<CounterComparison> Differences =>
        Comparisons.Where(c => c.Verdict is Verdict.DifferExplained or Verdict.DifferUnexplained);
}

/// <summary>
/// One step's logs: the model's events (each fault, its cause and its resolution) and the kernel side's notes; the
/// faults each side took on the step's region (<see cref="StepFaultLog"/>; null where the step has none, or the kernel
/// was not run); the pre-paging the step asks for ("MAP_POPULATE"), if any; and the model's page tables and frames
/// after the step (<see cref="ModelPicture"/>; null where the model side draws none); for a replay in a scenario with a
/// <c>working-set</c> header, its window-by-window view (<see cref="WorkingSetWindows"/>).
/// </summary>
public sealed record StepEvents(int Line, string Step, IReadOnlyList<string> Model, IReadOnlyList<string> Kernel,
                                string? PrePaging = null, StepFaultLog? ModelFaults = null, StepFaultLog? KernelFaults = null,
                                ModelPicture? ModelPicture = null, WorkingSetWindows? WorkingSet = null);
