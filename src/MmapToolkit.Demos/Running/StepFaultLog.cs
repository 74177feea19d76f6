namespace MmapToolkit.Demos.Running;

/// <summary>One fault of a step on the region it acts on, as one side saw it.</summary>
/// <param name="Page">The page of the region (0 is its first page).</param>
/// <param name="What">What that side knows about it: the model's fault log line, or the kernel's access, kind and cause.</param>
/// <param name="PrePaged">True for a page the kernel brought in by pre-paging (MAP_POPULATE) rather than a fault the
/// process took: listed in the log, never in <c>fault-pages</c>.</param>
public sealed record StepFault(int Page, string What, bool PrePaged = false);

/// <summary>
/// One side's faults in one step, on the region the step acts on, in the order they happened: the model's fault log,
/// or the faults the kernel's fault recorder sampled for the acting process. <see cref="Unavailable"/> says why the
/// kernel's could not be recorded (perf_event_open refused, records lost); the pages are then not compared.
/// </summary>
public sealed record StepFaultLog(string Region, IReadOnlyList<StepFault> Faults, string? Unavailable = null, string? Note = null)
{
    public static StepFaultLog NotAvailable(string region, string why) => new(region, [], why);

    public bool IsAvailable => Unavailable is null;

    /// <summary>The region's pages that faulted (pre-paged pages left out), each once, in order.</summary>
    public IReadOnlyList<int> Pages => Faults.Where(f => !f.PrePaged).Select(f => f.Page).Distinct().Order().ToList();

    /// <summary>The <c>fault-pages</c> counter: the pages as ranges ("0-3,7", "none"), or n/a with the reason.</summary>
    public CounterValue Counter => IsAvailable ? CounterValue.Of(FaultPages.Format(Pages)) : CounterValue.NotAvailable(Unavailable!);
}
