namespace MmapToolkit.Model.Replacement;

/// <summary>
/// LRU's fault count for every frame count from one pass over a trace (Mattson et al., 1970). LRU keeps the stack
/// property, so a reference hits with k frames exactly when its stack distance (1 + the number of distinct pages
/// referenced since the previous reference to the same page) is at most k. The distances come from a Fenwick tree
/// over time slots that marks, for each page, its most recent reference: O(n log d) time, O(d) space for d distinct pages
/// (plus the histogram).
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
        int n = trace.Length;
        int[] ids = trace.Ids;
        var histogram = new long[trace.Distinct + 2];   // histogram[d] = references with stack distance d
        long cold = Distances(ids, trace.Distinct, histogram);
        // faults(k) = cold + references whose distance exceeds k.
        var faults = new long[trace.Distinct + 1];
        long beyond = 0;
        for (int k = trace.Distinct; k >= 0; k--)
        {
            faults[k] = cold + beyond;
            beyond += histogram[k];
        }
        return new LruFaultCurve(n, cold, faults);
    }

    /// <summary>
    /// Each page's most recent reference is a mark in a Fenwick tree over time slots; a reference's distance is 1 + the
    /// marks after its page's mark. The tree has about two slots per distinct page, not one per reference: when the
    /// slots run out, the live marks (one per page) are renumbered in order and the tree is rebuilt, so it stays small
    /// enough for the caches whatever the trace's length.
    /// </summary>
    /// <remarks>
    /// A reference to the page on top of the stack (its mark in the newest slot) is distance 1 and changes nothing, so
    /// it skips the tree. The slot-to-page order compaction needs is rebuilt from slotOf when it runs, so the pass
    /// itself writes nothing but the tree and slotOf.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long Distances(int[] ids, int distinct, long[] histogram)
    {
        int size = Math.Max(1024, 2 * distinct + 2);
        var tree = new int[size + 1];           // Fenwick tree over slots 1..size
        var slotOf = new int[distinct];         // slot of each page's mark, 0 if none yet
        var pageAt = new int[size + 1];         // scratch for Compact: the page whose mark is in a slot
        int next = 1, live = 0;
        long cold = 0;
        foreach (int id in ids)
        {
            int s = slotOf[id];
            if (s == next - 1 && s != 0)
            {
                histogram[1]++;                 // the top of the stack: nothing moves
                continue;
            }
            if (next > size)
            {
                next = Compact(tree, slotOf, pageAt, live);
                s = slotOf[id];
            }
            if (s == 0)
            {
                cold++;
                Add(tree, next, +1);
                live++;
            }
            else
            {
                histogram[live - Prefix(tree, s) + 1]++;   // marks after this page's: distinct pages since
                Add(tree, s, -1);
                Add(tree, next, +1);
            }
            slotOf[id] = next++;
        }
        return cold;
    }

    // Sum of slots 1..i.
    private static int Prefix(int[] tree, int i)
    {
        int s = 0;
        for (; i > 0; i -= i & -i) s += tree[i];
        return s;
    }

    // Moves the live marks to slots 1..live in the same order and rebuilds the tree; returns the next free slot.
    // The order comes from slotOf (a page per slot, through pageAt), so the pass itself keeps no slot-to-page table.
    private static int Compact(int[] tree, int[] slotOf, int[] pageAt, int live)
    {
        Array.Fill(pageAt, -1);
        for (int page = 0; page < slotOf.Length; page++)
            if (slotOf[page] != 0) pageAt[slotOf[page]] = page;
        int to = 1;
        for (int from = 1; from < pageAt.Length; from++)
        {
            int page = pageAt[from];
            if (page >= 0) slotOf[page] = to++;
        }
        Array.Clear(tree);
        for (int i = 1; i <= live; i++) tree[i] = 1;
        for (int i = 1; i < tree.Length; i++)   // the O(size) Fenwick build
        {
            int j = i + (i & -i);
            if (j < tree.Length) tree[j] += tree[i];
        }
        return to;
    }

    private static void Add(int[] tree, int i, int delta)
    {
        for (; i < tree.Length; i += i & -i) tree[i] += delta;
    }
}
