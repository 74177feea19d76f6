using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

public class S3FifoPolicyTests
{
    [Fact]
    public void Default_sizes_are_libcachesims()
    {
        var p = new S3FifoPolicy(100);
        Assert.Equal((10, 90, 90), (p.SmallSize, p.MainSize, p.GhostSize));
        var small = new S3FifoPolicy(9);   // ⌊0.9⌋ = 0: no S share, every new page still enters S and leaves first
        Assert.Equal((0, 9, 8), (small.SmallSize, small.MainSize, small.GhostSize));
    }

    // Hand check, F = 5 with small 0.4 and ghost 0.4: S's share 2, M's 3, G remembers 2 (queues oldest first).
    //  1 2 3 4 5   cold: S [1 2 3 4 5]
    //  1 1 2       hits: freq(1) = 2, freq(2) = 1
    //  6           |M| 0 ≤ 3 and S not empty: S's oldest 1 has freq 2 ≥ 2 → M [1] (freq 0); 2 has 1 → victim, G [2]
    //  7           S's 3 (freq 0) → victim, G [2 3]
    //  3           G remembers 3 (G [2]): evict S's 4 (G [2 4]); 3 into M [1 3]
    //  8           evict 5: G [2 4 5] → 2 forgotten: [4 5]
    //  1           hit in M: freq(1) = 1
    //  2 4         neither remembered now: evict 6 (G [5 6]), then 7 (G [6 7]); S [8 2 4]
    //  6           remembered (G [7]): evict S's 8 (G [7 8]); M [1 3 6]
    //  7           remembered (G [8]): |M| 3 ≤ 3: evict S's 2 (G [8 2]); M [1 3 6 7]
    //  9           |M| 4 > 3: M's oldest 1 has freq 1 → reinserted with 0, M [3 6 7 1]; 3 has 0 → victim (not remembered)
    //  3           not in G: |M| 3, S [4 9]: evict 4, G [2 4]
    [Fact]
    public void A_hand_checked_trace()
    {
        var p = new S3FifoPolicy(5, smallFraction: 0.4, ghostFraction: 0.4);
        Assert.Equal("m m m m m h h h -2 -3 -4 -5 h -6 -7 -8 -2 -3 -4",
                     PolicyRun.Steps(p, "1 2 3 4 5 1 1 2 6 7 3 8 1 2 4 6 7 9 3"));
        Assert.Equal((2, 3, 2), p.Sizes);
    }

    [Fact]
    public void A_one_hit_wonder_scan_leaves_through_s_and_the_hot_pages_stay()
    {
        // Pages 1..3 are hit twice while in S, so they reach M; the scan 100.. then cycles through S alone.
        var p = new S3FifoPolicy(10, smallFraction: 0.5);
        string trace = "1 2 3 1 2 3 1 2 3 " + string.Join(' ', Enumerable.Range(100, 50)) + " 1 2 3";
        string steps = PolicyRun.Steps(p, trace);
        Assert.EndsWith("h h h", steps);
        Assert.DoesNotContain("-1 ", steps + " ");
    }
}
