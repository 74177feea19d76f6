namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>
/// What <c>mmaptk trace stats</c> reports: references, distinct pages, stores; the reuse-distance histogram (LRU stack
/// distance: 1 + the distinct pages referenced since the previous reference to the same page; the hit/miss boundary
/// of LRU at every frame count), in power-of-two buckets; and Denning's working-set size W(t, Δ) — the distinct pages
/// among the references in (t-Δ, t] — sampled at evenly spaced times.
/// </summary>
public sealed record TraceStatistics(long References, int DistinctPages, long Stores, long ColdMisses,
                                     IReadOnlyList<ReuseBucket> ReuseDistances, int Window,
                                     IReadOnlyList<WorkingSetPoint> WorkingSet, double MeanWorkingSet, int MaxWorkingSet)
{
    public static TraceStatistics Compute(DenseTrace trace, int window, int samples = 20)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (window < 1) throw new ArgumentException($"--window must be at least 1 reference, got {window}");
        if (samples < 1) throw new ArgumentException($"--samples must be at least 1, got {samples}");
        long stores = 0;
        foreach (bool w in trace.Writes) if (w) stores++;
        var curve = LruFaultCurve.Compute(trace);
        var buckets = new List<ReuseBucket>();
        // references with distance in [lo, hi] = faults(lo - 1) - faults(hi), faults(0) = every reference.
        for (long lo = 1; lo <= trace.Distinct; lo *= 2)
        {
            int hi = (int)Math.Min(trace.Distinct, lo * 2 - 1);
            long before = lo == 1 ? trace.Length : curve.Faults((int)lo - 1);
            long count = before - curve.Faults(hi);
            buckets.Add(new ReuseBucket((int)lo, hi, count));
        }
        var (points, mean, max) = WorkingSetOverTime(trace.Ids, trace.Distinct, window, samples);
        return new TraceStatistics(trace.Length, trace.Distinct, stores, curve.ColdMisses, buckets, window, points, mean, max);
    }

    // A sliding window of counts per page: O(n) for W at every t.
    private static (List<WorkingSetPoint>, double, int) WorkingSetOverTime(int[] ids, int distinct, int window, int samples)
    {
        var inWindow = new int[distinct];
        var points = new List<WorkingSetPoint>();
        int n = ids.Length, size = 0, max = 0;
        double sum = 0;
        long nextSample = n == 0 ? long.MaxValue : Math.Max(1, n / samples);
        int taken = 0;
        for (int t = 0; t < n; t++)
        {
            if (inWindow[ids[t]]++ == 0) size++;
            if (t >= window && --inWindow[ids[t - window]] == 0) size--;
            sum += size;
            if (size > max) max = size;
            if (t + 1 == nextSample || t == n - 1)
            {
                if (points.Count == 0 || points[^1].Time != t + 1) points.Add(new WorkingSetPoint(t + 1, size));
                nextSample = (long)n * (++taken + 1) / samples;
            }
        }
        return (points, n == 0 ? 0 : sum / n, max);
    }
}

/// <summary>References whose reuse distance is from <paramref name="From"/> to <paramref name="To"/> pages.</summary>
public sealed record ReuseBucket(int From, int To, long References);

/// <summary>W(t, Δ) after reference <paramref name="Time"/> (1-based).</summary>
public sealed record WorkingSetPoint(long Time, int Pages);
