namespace MmapToolkit.Model.Replacement;

/// <summary>A reference string on which <see cref="Policy"/> takes more faults with more frames.</summary>
public sealed record BeladyAnomaly(string Policy, IReadOnlyList<PageReference> Trace, int Frames, long Faults,
                                   int MoreFrames, long MoreFaults)
{
    public override string ToString()
        => $"{Policy}: \"{string.Join(' ', Trace)}\": {Faults} faults with {Frames} frames, {MoreFaults} with {MoreFrames}";
}

/// <summary>
/// Searches for Belady's anomaly: reference strings where a policy takes more faults with k+1 frames than with k.
/// Stack policies (LRU, OPT) cannot have one, so a search for them finds nothing; FIFO's classic example is the notes'
/// reference string.
/// </summary>
public static class BeladyAnomalyFinder
{
    /// <summary>The first anomaly on this trace for k in 1..<paramref name="maxFrames"/>-1, or null.</summary>
    /// <param name="progress">Told each frame count simulated (1, 2, …, up to <see cref="FrameCountsToCompare"/>).</param>
    public static BeladyAnomaly? Check(string policy, IReadOnlyList<PageReference> trace, int maxFrames, ulong seed = 1,
                                       IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var dense = DenseTrace.From(trace);
        int last = FrameCountsToCompare(maxFrames, dense);
        long previous = TraceSimulator.Run(policy, 1, dense, seed).Faults;
        progress?.Report(1);
        for (int k = 2; k <= last; k++)
        {
            long faults = TraceSimulator.Run(policy, k, dense, seed).Faults;
            progress?.Report(k);
            if (faults > previous)
                return new BeladyAnomaly(PolicyFactory.Normalize(policy), trace.ToArray(), k - 1, previous, k, faults);
            previous = faults;
        }
        return null;
    }

    /// <summary>
    /// The frame counts worth simulating: 1..min(maxFrames, distinct pages). With d distinct pages, d frames take the
    /// fewest faults possible (d) and every larger count takes the same, so no anomaly can start at or beyond d.
    /// </summary>
    public static int FrameCountsToCompare(int maxFrames, DenseTrace trace)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrames, 1);
        return TraceSimulator.UsableFrames(maxFrames, trace);
    }

    /// <summary>
    /// Searches reference strings over pages 0..<paramref name="pages"/>-1 of the given length (seeded, reproducible).
    /// Uniformly random strings almost never show the anomaly, so each of <paramref name="trials"/> restarts hill-climbs:
    /// it changes one reference at a time and keeps the change when the largest "faults with k+1 frames minus faults
    /// with k" does not drop. Returns the first anomaly, or null if none was found (not a proof there is none).
    /// </summary>
    /// <param name="progress">Told each trial started (1..<paramref name="trials"/>).</param>
    public static BeladyAnomaly? Search(string policy, int pages, int length, int maxFrames, int trials, ulong seed = 1,
                                        int stepsPerTrial = 300, IProgress<int>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrames, 2);
        var rng = new SplitMix64(seed);
        for (int trial = 0; trial < trials; trial++)
        {
            progress?.Report(trial + 1);
            var trace = StackPropertyChecker.RandomTrace(ref rng, pages, length);
            long score = Score(policy, trace, maxFrames, seed);
            for (int step = 0; step < stepsPerTrial; step++)
            {
                if (score > 0) return Check(policy, trace, maxFrames, seed);
                int i = (int)(rng.Next() % (ulong)length);
                var old = trace[i];
                trace[i] = new PageReference((long)(rng.Next() % (ulong)pages), false);
                long candidate = Score(policy, trace, maxFrames, seed);
                if (candidate >= score) score = candidate;
                else trace[i] = old;
            }
            if (score > 0) return Check(policy, trace, maxFrames, seed);
        }
        return null;
    }

    // max over k of faults(k+1) - faults(k): positive exactly when the trace shows the anomaly.
    private static long Score(string policy, PageReference[] trace, int maxFrames, ulong seed)
    {
        var dense = DenseTrace.From(trace);
        long best = long.MinValue;
        long previous = TraceSimulator.Run(policy, 1, dense, seed).Faults;
        int last = FrameCountsToCompare(maxFrames, dense);
        // Frame counts past the distinct pages all take the same faults: their differences are 0.
        if (last < maxFrames) best = 0;
        for (int k = 2; k <= last; k++)
        {
            long faults = TraceSimulator.Run(policy, k, dense, seed).Faults;
            best = Math.Max(best, faults - previous);
            previous = faults;
        }
        return best;
    }
}
