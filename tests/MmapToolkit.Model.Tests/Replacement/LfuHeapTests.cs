using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement;

/// <summary>LFU and MFU keep their victim in a heap; these check it picks what the definition's linear scan picks.</summary>
public class LfuHeapTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_heap_picks_the_victim_a_linear_scan_picks(bool mostFrequent)
    {
        string name = mostFrequent ? "mfu" : "lfu";
        var rng = new Random(mostFrequent ? 71 : 70);
        for (int i = 0; i < 200; i++)
        {
            var trace = NaivePolicies.RandomTrace(rng, rng.Next(2, 12), rng.Next(1, 120));
            for (int frames = 1; frames <= 7; frames++)
            {
                var expected = ScanResidents(frames, trace, mostFrequent);
                var table = TraceSimulator.Run(name, frames, trace, recordTable: true).Table!;
                for (int step = 0; step < trace.Length; step++)
                    for (int f = 0; f < frames; f++)
                        Assert.Equal(expected[step][f], table.PageAt(f, step) ?? -1);
            }
        }
    }

    [Fact]
    public void A_frame_freed_from_outside_leaves_the_heap()
    {
        var lfu = new LfuPolicy(3);
        lfu.OnLoad(0, 10);
        lfu.OnLoad(1, 11);
        lfu.OnLoad(2, 12);
        lfu.OnHit(0);
        lfu.OnRemove(1);   // munmap: frame 1 is free, and can no longer be the victim
        Assert.Equal(2, lfu.ChooseVictim(13));
        lfu.OnRemove(2);
        lfu.OnRemove(0);
        Assert.Equal(-1, lfu.ChooseVictim(14));
    }

    // The definition, scanned: the smallest (MFU: largest) count since load, ties to the earliest load; the lowest free
    // frame takes a missing page while one is free.
    private static long[][] ScanResidents(int frames, PageReference[] trace, bool mostFrequent)
    {
        var page = Enumerable.Repeat(-1L, frames).ToArray();
        var count = new long[frames];
        var loadedAt = new long[frames];
        var history = new long[trace.Length][];
        for (int t = 0; t < trace.Length; t++)
        {
            int f = Array.IndexOf(page, trace[t].Page);
            if (f >= 0)
            {
                count[f]++;
            }
            else
            {
                f = Array.IndexOf(page, -1L);
                if (f < 0)
                {
                    f = 0;
                    for (int g = 1; g < frames; g++)
                    {
                        bool better = mostFrequent ? count[g] > count[f] : count[g] < count[f];
                        if (better || (count[g] == count[f] && loadedAt[g] < loadedAt[f])) f = g;
                    }
                }
                page[f] = trace[t].Page;
                count[f] = 1;
                loadedAt[f] = t;
            }
            history[t] = (long[])page.Clone();
        }
        return history;
    }
}
