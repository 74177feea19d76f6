using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement;

public class SwapAccountingTests
{
    [Fact]
    public void Dirty_victims_swap_out_clean_victims_drop_and_swap_copies_come_back()
    {
        // 1 frame. 0w: zero-fill. 1: evicts dirty 0 (swap-out), zero-fill 1. 0: evicts clean 1 (drop), swap-in 0.
        // 1: evicts 0, clean since its swap-in (drop; its swap copy stays valid), zero-fill 1 (never had a copy).
        // 0: swap-in again from the copy that stayed valid.
        var r = TraceSimulator.Run("fifo", 1, TraceParser.Parse("0w 1 0 1 0"));
        Assert.Equal(5, r.Faults);
        Assert.Equal(4, r.Evictions);
        Assert.Equal(1, r.SwapOuts);
        Assert.Equal(2, r.SwapIns);
        Assert.Equal(3, r.ZeroFills);
        Assert.Equal(3, r.CleanDrops);
    }

    [Fact]
    public void A_write_on_a_hit_makes_the_page_dirty()
    {
        var r = TraceSimulator.Run("lru", 2, TraceParser.Parse("0 1 0w 2 1 0"));
        // 2 evicts 1 (LRU, clean), 1 evicts 0 (dirty: swap-out), 0 comes back by swap-in.
        Assert.Equal(1, r.SwapOuts);
        Assert.Equal(1, r.SwapIns);
        Assert.Equal(3, r.Evictions);
    }

    [Fact]
    public void Random_draws_from_splitmix64_once_per_eviction()
    {
        var trace = TraceParser.Parse("0 1 2 3 4 5 6 7 8 9");
        var r = TraceSimulator.Run("random", 3, trace, seed: 42, recordTable: true);
        var rng = new SplitMix64(42);
        for (int step = 3; step < 10; step++)
            Assert.Equal((int)(rng.Next() % 3), r.Table!.LoadedFrame(step));
    }

    [Fact]
    public void SplitMix64_matches_the_published_sequence_for_seed_zero()
    {
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.Next());
    }
}
