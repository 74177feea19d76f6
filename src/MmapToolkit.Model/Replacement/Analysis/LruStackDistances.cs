using System.Numerics;
using System.Runtime.CompilerServices;

namespace MmapToolkit.Model.Replacement;

/// <summary>
/// The histogram of LRU stack distances of a dense trace, in one pass, fed a batch of references at a time (so a
/// trace can be read and counted at once, never held). Each page's most recent reference is a mark
/// (a set bit) in a bitmap over time slots; a reference's distance is 1 + the marks after its page's mark, the
/// distinct pages referenced since. The marks after a slot are counted as the bits above it in its 512-bit block (one
/// cache line, a few popcounts) plus the counts of the later blocks, kept in a Fenwick tree over blocks: about 4 bits
/// per distinct page and one int per 512 slots, so bitmap and tree stay in the caches where a tree with an int per slot
/// (the pass this replaced) did not.
/// </summary>
/// <remarks>
/// The block being filled (the one the next slot is in) is not in the tree: its count is kept apart and added once it
/// is full, so a reference costs one prefix sum and one update of a small tree, not three walks. When the slots run out
/// the live marks are renumbered 1..live in order (a mark's new slot is its rank, read off the bitmap), so the slots
/// stay about four per distinct page whatever the trace's length (the bitmap grows when the pages do).
/// </remarks>
internal sealed class LruStackDistances
{
    private const int BlockShift = 9;                  // 512 slots a block
    private const int WordsPerBlock = (1 << BlockShift) / 64;

    private ulong[] _bits;                             // slot s is bit s; slots 1..size-1 (0 means "no mark yet")
    private int[] _tree;                               // Fenwick tree over the full blocks: tree index = block + 1
    private int[] _slotOf = [];                        // slot of each page's mark, 0 if none yet
    private int[] _counts = new int[2];                // references with stack distance d since the last Settle
    private long[] _histogram = [];                    // _histogram[d] + _counts[d]: references with stack distance d
    private long _unsettled;                           // references counted in _counts
    private int _next = 1, _live, _open, _closed;      // open: marks in next's block; closed: marks in the tree
    private long _cold, _references;

    /// <param name="distinct">The distinct pages expected (more may come, at the cost of growing).</param>
    public LruStackDistances(int distinct = 0)
    {
        int size = SlotsFor(distinct);
        _bits = new ulong[size / 64];
        _tree = new int[(size >> BlockShift) + 1];
        EnsurePages(distinct);
    }

    public long References => _references;

    /// <summary>First references to each page.</summary>
    public long Cold => _cold;

    /// <summary>Index d: references with stack distance d (at least distinct pages + 2 long; 0 beyond the largest).</summary>
    public long[] Histogram
    {
        get
        {
            Settle();
            return _histogram;
        }
    }

    // The pass counts in ints (half the cache lines of longs); they move to the longs before they could overflow.
    private void Settle()
    {
        if (_histogram.Length < _counts.Length) Array.Resize(ref _histogram, _counts.Length);
        for (int d = 0; d < _counts.Length; d++) _histogram[d] += _counts[d];
        Array.Clear(_counts);
        _unsettled = 0;
    }

    // At least 4 slots per distinct page, in whole blocks.
    private static int SlotsFor(int pages)
        => (int)Math.Min(int.MaxValue - 1024L, Math.Max(4096L, 4L * pages + 1024) & ~((1L << BlockShift) - 1));

    private void EnsurePages(int distinct)
    {
        if (distinct > _slotOf.Length) Array.Resize(ref _slotOf, Math.Max(distinct, (int)Math.Min(int.MaxValue - 64L, 2L * _slotOf.Length)));
        if (distinct + 2 > _counts.Length) Array.Resize(ref _counts, _slotOf.Length + 2);
    }

    /// <summary>Counts the next references of the trace.</summary>
    /// <param name="ids">Dense page ids, each below <paramref name="distinct"/>.</param>
    /// <param name="distinct">Distinct pages so far.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<int> ids, int distinct)
    {
        EnsurePages(distinct);
        if (_unsettled + ids.Length > int.MaxValue) Settle();
        _unsettled += ids.Length;
        var (bits, tree, slotOf, histogram) = (_bits, _tree, _slotOf, _counts);
        int size = bits.Length * 64;
        int next = _next, live = _live, open = _open, closed = _closed;
        long cold = 0;
        foreach (int id in ids)
        {
            int s = slotOf[id];
            if (s == next - 1 && s != 0)
            {
                histogram[1]++;                         // the top of the stack: nothing moves
                continue;
            }
            if (next == size)
            {
                next = Compact(live);
                (bits, tree, open, closed) = (_bits, _tree, _open, _closed);
                size = bits.Length * 64;
                s = slotOf[id];
            }
            if (s == 0)
            {
                cold++;
                live++;
                open++;
            }
            else
            {
                int block = s >> BlockShift, w = s >> 6;
                int after = BitOperations.PopCount(bits[w] & (~1UL << s));   // shifts count mod 64: bits above s in its word
                for (int end = (block + 1) * WordsPerBlock, i = w + 1; i < end; i++) after += BitOperations.PopCount(bits[i]);
                bits[w] &= ~(1UL << s);
                if (block != next >> BlockShift)
                {
                    // Later full blocks, then the open one; the mark leaves its block for the open one.
                    after += closed - Prefix(tree, block + 1) + open;
                    Add(tree, block + 1, -1);
                    closed--;
                    open++;
                }
                histogram[after + 1]++;
            }
            bits[next >> 6] |= 1UL << next;
            slotOf[id] = next++;
            if ((next & ((1 << BlockShift) - 1)) == 0)
            {
                // next's block is new: the one just filled goes into the tree.
                Add(tree, next >> BlockShift, open);   // tree index of block (next >> BlockShift) - 1
                closed += open;
                open = 0;
            }
        }
        (_next, _live, _open, _closed) = (next, live, open, closed);
        _cold += cold;
        _references += ids.Length;
    }

    // Renumbers the live marks 1..live in order (a mark's new slot is its rank among the marks), in a bitmap of at
    // least 4 slots per live page; rebuilds the tree; returns the next free slot.
    private int Compact(int live)
    {
        var (bits, slotOf) = (_bits, _slotOf);
        var rankBefore = new int[bits.Length];          // marks in the words before each word
        int total = 0;
        for (int i = 0; i < bits.Length; i++)
        {
            rankBefore[i] = total;
            total += BitOperations.PopCount(bits[i]);
        }
        for (int page = 0; page < slotOf.Length; page++)
        {
            int s = slotOf[page];
            if (s == 0) continue;
            // Marks at slots <= s, counting slot 0 (never set): the new slot, 1-based.
            slotOf[page] = rankBefore[s >> 6] + BitOperations.PopCount(bits[s >> 6] & (ulong.MaxValue >> (63 - (s & 63))));
        }
        int size = SlotsFor(live);
        if (size > bits.Length * 64)
        {
            _bits = bits = new ulong[size / 64];
            _tree = new int[(size >> BlockShift) + 1];
        }
        else Array.Clear(bits);
        for (int slot = 1; slot <= live; slot++) bits[slot >> 6] |= 1UL << slot;
        int next = live + 1;
        var tree = _tree;
        Array.Clear(tree);
        int full = next >> BlockShift;                  // blocks 0..full-1 are full of marks' slots
        int closed = 0;
        for (int block = 0; block < full; block++)
        {
            // Block 0 has no slot 0; every other full block has 512 marks.
            int count = block == 0 ? (1 << BlockShift) - 1 : 1 << BlockShift;
            tree[block + 1] = count;
            closed += count;
        }
        for (int i = 1; i < tree.Length; i++)          // the O(blocks) Fenwick build
        {
            int j = i + (i & -i);
            if (j < tree.Length) tree[j] += tree[i];
        }
        (_open, _closed) = (live - closed, closed);
        return next;
    }

    // Sum of tree indexes 1..i.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Prefix(int[] tree, int i)
    {
        int s = 0;
        for (; i > 0; i -= i & -i) s += tree[i];
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(int[] tree, int i, int delta)
    {
        for (; i < tree.Length; i += i & -i) tree[i] += delta;
    }
}
