namespace MmapToolkit.Measurements;

/// <summary>The unit a <see cref="CostMeasurement"/>'s figures are given in.</summary>
public enum CostUnit
{
    /// <summary>Nanoseconds per page: a repetition's time divided by <see cref="CostMeasurement.PagesPerSample"/>.</summary>
    NanosecondsPerPage,

    /// <summary>Microseconds: a repetition's whole time.</summary>
    Microseconds,
}

/// <summary>
/// One repetition of a measured operation: its CLOCK_MONOTONIC time, and the calling thread's minor and major faults
/// (getrusage RUSAGE_THREAD) around it, or null where faults are not what the figure is about (a fork's time).
/// </summary>
public readonly record struct CostSample(long ElapsedNanoseconds, long? MinorFaults, long? MajorFaults);

/// <summary>
/// A cost measured in several repetitions: each repetition's figure in <see cref="Unit"/>, summarised by
/// <see cref="Statistics"/> (median, min..max, spread), and the fault counts each repetition took.
/// </summary>
/// <param name="Name">A stable snake_case name (<c>demand_zero_touch</c>, <c>fork_heap_10000</c>, ...).</param>
/// <param name="Group">The <see cref="CostSuite"/> group that measured it.</param>
/// <param name="Description">One line: what was timed.</param>
/// <param name="Unit">What <see cref="Values"/> are in.</param>
/// <param name="PagesPerSample">Pages one repetition worked on (the divisor of a per-page figure; the heap size of a fork).</param>
/// <param name="Samples">The repetitions, in the order they ran (a warm-up run beforehand is not among them).</param>
public sealed record CostMeasurement(string Name, string Group, string Description, CostUnit Unit, long PagesPerSample,
                                     IReadOnlyList<CostSample> Samples)
{
    /// <summary>Each repetition's figure in <see cref="Unit"/>.</summary>
    public IReadOnlyList<double> Values => Samples.Select(s => Unit == CostUnit.NanosecondsPerPage
        ? (double)s.ElapsedNanoseconds / PagesPerSample
        : s.ElapsedNanoseconds / 1000.0).ToArray();

    /// <summary>Median, quartiles and extremes of <see cref="Values"/>.</summary>
    public Spread Statistics => Spread.Of(Values);

    /// <summary>Each repetition's whole time in microseconds, summarised (for a per-page figure: the total it adds up to).</summary>
    public Spread TotalMicroseconds => Spread.Of(Samples.Select(s => s.ElapsedNanoseconds / 1000.0));

    /// <summary>Each repetition's minor faults, or null when they were not measured.</summary>
    public IReadOnlyList<long>? MinorFaults => Samples.All(s => s.MinorFaults.HasValue) ? Samples.Select(s => s.MinorFaults!.Value).ToArray() : null;

    /// <summary>Each repetition's major faults, or null when they were not measured.</summary>
    public IReadOnlyList<long>? MajorFaults => Samples.All(s => s.MajorFaults.HasValue) ? Samples.Select(s => s.MajorFaults!.Value).ToArray() : null;

    /// <summary>"ns/page" or "us", as printed after a figure.</summary>
    public static string UnitText(CostUnit unit) => unit == CostUnit.NanosecondsPerPage ? "ns/page" : "us";
}
