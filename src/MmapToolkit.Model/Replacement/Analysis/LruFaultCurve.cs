namespace MmapToolkit.Model.Replacement;

/// <summary>
/// LRU's fault count for every frame count from one pass over a trace (Mattson et al., 1970). LRU keeps the stack
/// property, so a reference hits with k frames exactly when its stack distance (1 + the number of distinct pages
/// referenced since the previous reference to the same page) is at most k. The distances come from
/// <see cref="LruStackDistances"/> (a bitmap over time slots marking each page's most recent reference, and a Fenwick
/// tree over its blocks): O(n log d) time, O(d) space for d distinct pages (plus the histogram).
/// </summary>
public sealed class LruFaultCurve
{
    private readonly long[] _faults;   // index k = frames; k = 0 means "no frames": every reference faults

    private LruFaultCurve(long references, long coldMisses, long[] faults)
    {
        References = references;
        ColdMisses = coldMisses;
        _faults = faults;
    }

    public long References { get; }

    /// <summary>First references to each page: faults with any number of frames.</summary>
    public long ColdMisses { get; }

    /// <summary>Number of distinct pages; with this many frames or more only cold misses remain.</summary>
    public int DistinctPages => _faults.Length - 1;

    /// <summary>LRU faults with <paramref name="frames"/> frames.</summary>
    public long Faults(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        return frames >= _faults.Length ? ColdMisses : _faults[frames];
    }

    public static LruFaultCurve Compute(IReadOnlyList<PageReference> trace) => Compute(DenseTrace.From(trace));

    public static LruFaultCurve Compute(DenseTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var distances = new LruStackDistances(trace.Distinct);
        distances.Add(trace.Ids, trace.Distinct);
        return FromDistances(distances, trace.Distinct);
    }

    /// <summary>The curve from the stack distances of a whole trace over <paramref name="distinct"/> pages.</summary>
    internal static LruFaultCurve FromDistances(LruStackDistances distances, int distinct)
    {
        long[] histogram = distances.Histogram;
        long cold = distances.Cold;
        // faults(k) = cold + references whose distance exceeds k.
        var faults = new long[distinct + 1];
        long beyond = 0;
        for (int k = distinct; k >= 0; k--)
        {
            faults[k] = cold + beyond;
            beyond += histogram[k];
        }
        return new LruFaultCurve(distances.References, cold, faults);
    }
}
