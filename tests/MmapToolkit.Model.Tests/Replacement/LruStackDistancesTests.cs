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

        // All at once, knowing the pages (as LruFaultCurve.Compute does) ...
        var whole = new LruStackDistances(distinct);
        whole.Add(dense, distinct);
        Assert.Equal(expectedCold, whole.Cold);
        Assert.Equal(expected, whole.Histogram.Take(distinct + 2));
        Assert.All(whole.Histogram.Skip(distinct + 2), n => Assert.Equal(0, n));

        // ... and in batches of random sizes, the pages learnt as they come (as LruCurveBuilder does): the bitmap grows.
        var batches = new LruStackDistances();
        int seen = 0;
        for (int at = 0; at < dense.Length;)
        {
            int n = Math.Min(dense.Length - at, 1 + rng.Next(3000));
            for (int i = at; i < at + n; i++) seen = Math.Max(seen, dense[i] + 1);   // ids come in order of first reference
            batches.Add(dense.AsSpan(at, n), seen);
            at += n;
        }
        Assert.Equal(expectedCold, batches.Cold);
        Assert.Equal(dense.Length, batches.References);
        Assert.Equal(expected, batches.Histogram.Take(distinct + 2));
        Assert.All(batches.Histogram.Skip(distinct + 2), n => Assert.Equal(0, n));
    }

    [Theory]
    [InlineData(5, 200, 30_000)]
    [InlineData(6, 20_000, 50_000)]
    public void The_curve_built_while_reading_equals_the_curve_of_the_dense_trace(int seed, int pages, int length)
    {
        var rng = new Random(seed);
        // Page numbers far apart too, so the builder's page table uses its hash table as well as its array.
        var trace = Enumerable.Range(0, length).Select(i =>
        {
            long page = i % 7 == 0 ? i % pages : rng.Next(pages);
            return new PageReference(page % 3 == 0 ? page * 1_000_003L : page, false);
        }).ToArray();
        var builder = new LruCurveBuilder();
        foreach (var r in trace) builder.Add(r.Page, r.IsWrite);
        var built = builder.Build();
        var computed = LruFaultCurve.Compute(trace);
        Assert.Equal((computed.References, computed.ColdMisses, computed.DistinctPages), (built.References, built.ColdMisses, built.DistinctPages));
        for (int frames = 1; frames <= computed.DistinctPages + 1; frames++) Assert.Equal(computed.Faults(frames), built.Faults(frames));
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
