using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement;

/// <summary>The bitmap-and-block-tree pass gives every reference's stack distance exactly as the textbook LRU stack does
/// (a list in recency order, the distance a page's position in it), on random traces chosen to cross its edges: marks in
/// the block being filled and in full blocks, many 512-slot blocks, and renumbering many times over.</summary>
public class LruStackDistancesTests
{
    [Theory]
    [InlineData(1, 5, 20_000)]         // a few pages: most marks in the open block, renumbering every ~4000 references
    [InlineData(2, 600, 60_000)]       // the smallest bitmap (4096 slots), 8 blocks, renumbering every ~3500
    [InlineData(3, 2_500, 80_000)]     // 21 blocks, long distances
    [InlineData(4, 8_000, 40_000)]      // 64 blocks, mostly cold, long distances
    public void Histogram_equals_the_textbook_lru_stack(int seed, int pages, int length)
    {
        var rng = new Random(seed);
        // A mix of loops (long distances), a hot set (short ones), repeats (the top of the stack) and uniform picks.
        var ids = new int[length];
        for (int i = 0; i < length; i++)
            ids[i] = (i / 997 % 4) switch
            {
                0 => i % pages,
                1 => rng.Next(Math.Max(1, pages / 30)),
                2 => i > 0 && rng.Next(2) == 0 ? ids[i - 1] : rng.Next(pages),
                _ => rng.Next(pages),
            };
        var (dense, distinct) = Densify(ids);

        var expected = new long[distinct + 2];
        long expectedCold = TextbookHistogram(dense, expected);
        var actual = new long[distinct + 2];
        long cold = LruStackDistances.Count(dense, distinct, actual);

        Assert.Equal(expectedCold, cold);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_curve_from_the_histogram_equals_per_size_runs_on_a_trace_with_every_distance()
    {
        // A loop over 1500 pages with its step changing: distances from 1 to 1500, renumbering on the way.
        var trace = Enumerable.Range(0, 30_000).Select(i => new PageReference(i * (1 + i / 5000) % 1500, false)).ToArray();
        var curve = LruFaultCurve.Compute(trace);
        foreach (int frames in new[] { 1, 2, 3, 511, 512, 513, 1000, 1499, 1500, 1501 })
            Assert.Equal(TraceSimulator.Run("lru", frames, trace).Faults, curve.Faults(frames));
    }

    // Each reference's distance, position in a recency-ordered list (most recent first): O(n·d), obviously right.
    private static long TextbookHistogram(int[] ids, long[] histogram)
    {
        var stack = new List<int>();
        long cold = 0;
        foreach (int id in ids)
        {
            int at = stack.IndexOf(id);
            if (at < 0) cold++;
            else
            {
                histogram[at + 1]++;
                stack.RemoveAt(at);
            }
            stack.Insert(0, id);
        }
        return cold;
    }

    private static (int[] Dense, int Distinct) Densify(int[] pages)
    {
        var map = new Dictionary<int, int>();
        var dense = new int[pages.Length];
        for (int i = 0; i < pages.Length; i++)
        {
            if (!map.TryGetValue(pages[i], out int id)) map[pages[i]] = id = map.Count;
            dense[i] = id;
        }
        return (dense, map.Count);
    }
}
