using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement;

/// <summary>The one-pass LRU curve keeps about four time slots per distinct page (at least 4096) and renumbers them when
/// they run out: on traces several times longer than that, so renumbering happens again and again, it still equals
/// per-size runs. (LruStackDistancesTests checks every distance against a textbook LRU stack.)</summary>
public class LruCurveCompactionTests
{
    [Theory]
    [InlineData(1, 700, 30_000)]    // 4096 slots: a renumbering every ~3400 references
    [InlineData(2, 50, 20_000)]     // 4096 slots, 50 pages: every ~4050 references
    [InlineData(3, 3000, 40_000)]   // 12,800 slots: every ~9800 references
    public void The_curve_equals_per_size_runs_across_renumberings(int seed, int pages, int length)
    {
        var rng = new Random(seed);
        // A mix of loops (long distances), a hot set (short ones) and uniform picks.
        var trace = Enumerable.Range(0, length).Select(i => new PageReference(
            (i / 1000 % 3) switch { 0 => i % pages, 1 => rng.Next(Math.Max(1, pages / 20)), _ => rng.Next(pages) }, false)).ToArray();
        var dense = DenseTrace.From(trace);
        var curve = LruFaultCurve.Compute(dense);
        for (int frames = 1; frames <= dense.Distinct + 1; frames += Math.Max(1, dense.Distinct / 60))
            Assert.Equal(TraceSimulator.Run("lru", frames, dense).Faults, curve.Faults(frames));
        Assert.Equal(TraceSimulator.Run("lru", dense.Distinct - 1, dense).Faults, curve.Faults(dense.Distinct - 1));
    }
}
