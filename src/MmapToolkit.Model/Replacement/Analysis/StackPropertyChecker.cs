namespace MmapToolkit.Model.Replacement;

/// <summary>A place where a policy breaks the subset (stack) property: after reference <see cref="Step"/> of
/// <see cref="Trace"/>, a page is resident with <see cref="SmallFrames"/> frames but not with <see cref="SmallFrames"/>+1.</summary>
public sealed record SubsetViolation(string Policy, IReadOnlyList<PageReference> Trace, int SmallFrames, int Step,
                                     IReadOnlyList<long> ResidentSmall, IReadOnlyList<long> ResidentLarge, IReadOnlyList<long> MissingFromLarge)
{
    public override string ToString()
        => $"{Policy}: trace \"{string.Join(' ', Trace)}\", after reference {Step + 1} (page {Trace[Step].Page}): "
         + $"{SmallFrames} frames hold {{{string.Join(", ", ResidentSmall)}}}, {SmallFrames + 1} frames hold "
         + $"{{{string.Join(", ", ResidentLarge)}}}; {{{string.Join(", ", MissingFromLarge)}}} is not in the larger memory";
}

/// <summary>
/// Checks the subset (stack, inclusion) property the notes ask about: at every instant, are the pages kept with k
/// frames a subset of those kept with k+1? A policy with it can never show Belady's anomaly. LRU and OPT have it;
/// FIFO, CLOCK and LFU do not, and <see cref="Search"/> finds a counterexample for them.
/// </summary>
public static class StackPropertyChecker
{
    /// <summary>The first violation on this trace between k and k+1 frames for k in 1..<paramref name="maxFrames"/>-1, or null.</summary>
    /// <param name="policy">Policy name.</param>
    /// <param name="trace">Reference string.</param>
    /// <param name="maxFrames">Largest frame count compared.</param>
    /// <param name="seed">Seed for random.</param>
    /// <param name="livePagesOnly">Compare only pages that will be referenced again. OPT needs this: which of several
    /// never-again pages it keeps depends on the tie-break (lowest frame number), and frame numbers differ between k and
    /// k+1 frames, so only pages with a future can show whether it keeps the property.</param>
    /// <param name="progress">Told each k compared (1..min(maxFrames, distinct pages) - 1).</param>
    public static SubsetViolation? Check(string policy, IReadOnlyList<PageReference> trace, int maxFrames, ulong seed = 1,
                                         bool livePagesOnly = false, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var dense = DenseTrace.From(trace);
        string name = PolicyFactory.Normalize(policy);
        int[]? nextUse = name == "opt" ? OptPolicy.NextUses(dense.Ids, dense.Distinct) : null;
        // lastUse[id] = position of the page's last reference: after it the page is dead.
        var lastUse = new int[dense.Distinct];
        for (int i = 0; i < dense.Length; i++) lastUse[dense.Ids[i]] = i;
        // With k >= the distinct pages neither memory ever evicts: both hold every page seen so far.
        int last = TraceSimulator.UsableFrames(maxFrames, dense);
        var outside = new bool[dense.Distinct];   // held with k frames, not with k+1 (and, if asked, live)
        for (int k = 1; k < last; k++)
        {
            progress?.Report(k);
            var small = new ReplacementEngine(PolicyFactory.Create(name, k, seed, nextUse), dense);
            var large = new ReplacementEngine(PolicyFactory.Create(name, k + 1, seed, nextUse), dense);
            Array.Clear(outside);
            int outsideCount = 0;
            for (int i = 0; i < dense.Length; i++)
            {
                int id = dense.Ids[i];
                small.Step(id, dense.Writes[i]);
                large.Step(id, dense.Writes[i]);
                // A step changes the residency of at most the page referenced and the two victims; only the page
                // referenced can die. So only these three can enter or leave the difference.
                outsideCount += Update(id) + Update(small.LastEvictedId) + Update(large.LastEvictedId);
                if (outsideCount > 0) return Violation(name, trace, dense, k, i, small, large);

                int Update(int page)
                {
                    if (page < 0) return 0;
                    bool now = small.IsResident(page) && !large.IsResident(page) && !(livePagesOnly && lastUse[page] <= i);
                    if (now == outside[page]) return 0;
                    outside[page] = now;
                    return now ? 1 : -1;
                }
            }
        }
        return null;
    }

    /// <summary>Searches random reference strings (pages 0..<paramref name="pages"/>-1, the given length) for a violation.</summary>
    /// <param name="progress">Told each trial started (1..<paramref name="trials"/>).</param>
    public static SubsetViolation? Search(string policy, int pages, int length, int maxFrames, int trials, ulong seed = 1,
                                          bool livePagesOnly = false, IProgress<int>? progress = null)
    {
        var rng = new SplitMix64(seed);
        for (int trial = 0; trial < trials; trial++)
        {
            progress?.Report(trial + 1);
            var trace = RandomTrace(ref rng, pages, length);
            if (Check(policy, trace, maxFrames, seed, livePagesOnly) is { } v) return v;
        }
        return null;
    }

    internal static PageReference[] RandomTrace(ref SplitMix64 rng, int pages, int length)
    {
        var trace = new PageReference[length];
        for (int i = 0; i < length; i++) trace[i] = new PageReference((long)(rng.Next() % (ulong)pages), false);
        return trace;
    }

    private static SubsetViolation Violation(string policy, IReadOnlyList<PageReference> trace, DenseTrace dense, int k, int step,
                                             ReplacementEngine small, ReplacementEngine large)
    {
        static List<long> Resident(ReplacementEngine e, DenseTrace d)
            => Enumerable.Range(0, e.Frames).Select(e.IdInFrame).Where(id => id >= 0).Select(id => d.PageOfId[id]).Order().ToList();
        var s = Resident(small, dense);
        var l = Resident(large, dense);
        return new SubsetViolation(policy, trace.ToArray(), k, step, s, l, s.Except(l).ToList());
    }
}
