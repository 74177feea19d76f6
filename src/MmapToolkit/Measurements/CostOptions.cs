namespace MmapToolkit.Measurements;

/// <summary>
/// The sizes <see cref="CostSuite"/> measures with. <see cref="Validate()"/> names the first problem; every group
/// calls it before mapping anything.
/// </summary>
public sealed record CostOptions
{
    /// <summary>The most pages any one mapping or file of the suite may have: 4 Mi pages (16 GiB with 4 KiB pages).</summary>
    public const long MaxPages = 4L << 20;

    /// <summary>n: pages of the mapping (demand-zero, memset, copy-on-write) and of the file (text on demand).</summary>
    public long Pages { get; init; } = 16_384;

    /// <summary>k: pages touched, spread evenly over the n (demand-zero, text), or written by the child (copy-on-write).</summary>
    public long Touched { get; init; } = 1_024;

    /// <summary>Measured repetitions of every figure (one unmeasured warm-up runs first).</summary>
    public int Repetitions { get; init; } = 9;

    /// <summary>Heap sizes, in touched pages, at which fork is timed.</summary>
    public IReadOnlyList<long> ForkSizes { get; init; } = [1_000, 10_000, 100_000];

    /// <summary>Where the text-on-demand file is written (a disk-backed file system, not tmpfs); the temp directory when null.</summary>
    public string? Directory { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value outside its range; the groups call it
    /// before mapping anything.</summary>
    public void Validate() => Validate(name => name);

    /// <summary>The same, with each value named in the message as <paramref name="name"/> spells the property's name
    /// (the command line passes its option names: "--touched (65) cannot exceed --pages (64)").</summary>
    public void Validate(Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string pages = name(nameof(Pages)), touched = name(nameof(Touched)), sizes = name(nameof(ForkSizes));
        if (Pages < 1 || Pages > MaxPages)
            throw new ArgumentException($"{pages} must be between 1 and {MaxPages} (got {Pages})", nameof(Pages));
        if (Touched < 1) throw new ArgumentException($"{touched} must be at least 1 (got {Touched})", nameof(Touched));
        if (Touched > Pages) throw new ArgumentException($"{touched} ({Touched}) cannot exceed {pages} ({Pages})", nameof(Touched));
        if (Repetitions < 1 || Repetitions > 1000)
            throw new ArgumentException($"{name(nameof(Repetitions))} must be between 1 and 1000 (got {Repetitions})", nameof(Repetitions));
        ArgumentNullException.ThrowIfNull(ForkSizes);
        if (ForkSizes.Count == 0) throw new ArgumentException($"{sizes} needs at least one size", nameof(ForkSizes));
        foreach (long s in ForkSizes)
        {
            if (s < 1) throw new ArgumentException($"{sizes}: {s} is not a positive number of pages", nameof(ForkSizes));
            if (s > MaxPages) throw new ArgumentException($"{sizes}: {s} is more than {MaxPages} pages", nameof(ForkSizes));
        }
        if (ForkSizes.Distinct().Count() != ForkSizes.Count) throw new ArgumentException($"{sizes}: each size may appear once", nameof(ForkSizes));
    }

    /// <summary>Page indexes 0 ≤ i &lt; n, k of them spread evenly (i·n/k), starting at page 0.</summary>
    internal static long[] SpreadPages(long n, long k) => Enumerable.Range(0, checked((int)k)).Select(i => i * n / k).ToArray();
}
