namespace MmapToolkit.Demos.Kernels;

/// <summary>The counters both sides report (docs/scenarios.md), so the two executors cannot drift apart by a typo.</summary>
internal static class CounterNames
{
    public const string Faults = "faults", Major = "major", Resident = "resident", Shared = "shared",
        ShareCount = "share-count", ReadSum = "read-sum", FileSum = "file-sum", Error = "error",
        Evictions = "evictions", SwapOuts = "swap-outs", SwapIns = "swap-ins", ReferenceFaults = "ref-faults",
        HeapResident = "heap-resident", Dirty = "dirty", Seconds = "seconds",
        FaultPages = Running.StepObservation.FaultPagesCounter;

    /// <summary>`share-count` of several pages is shown as "p3=2 p4=1".</summary>
    public static string ShareCounts(IEnumerable<(int Page, long Count)> counts) =>
        string.Join(' ', counts.Select(c => $"p{c.Page}={c.Count}"));

    public const string None = "none";
}
