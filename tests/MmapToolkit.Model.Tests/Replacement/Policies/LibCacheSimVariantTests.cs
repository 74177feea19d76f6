using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

/// <summary>clock0 and LFU's "reached" ties: the definitions libCacheSim uses, next to ours.</summary>
public class LibCacheSimVariantTests
{
    // F = 3, "1 2 3 1 4 5 6". clock: bits 1 1 1; 1's hit changes nothing; at 4 the hand clears all three bits and
    // comes back to frame 0: 1 goes, then 2 and 3 (bits cleared). clock0: bits 0 0 0; 1's hit sets its bit; at 4 the
    // hand clears 1's bit and takes 2, then 3, then 1.
    [Fact]
    public void Clock0_loads_with_the_bit_clear()
    {
        const string trace = "1 2 3 1 4 5 6";
        Assert.Equal("m m m h -1 -2 -3", PolicyRun.Steps(PolicyFactory.Create("clock", 3), trace));
        Assert.Equal("m m m h -2 -3 -1", PolicyRun.Steps(PolicyFactory.Create("clock0", 3), trace));
        Assert.Equal("clock0", PolicyFactory.Create("CLOCK0", 3).Name);
    }

    // F = 2, "1 2 2 1 3": both pages have count 2 when 3 arrives. By load, 1 (loaded first) goes; by the time the count
    // was reached, 2 (count 2 at t3, before 1's at t4) goes.
    [Fact]
    public void Lfu_ties_by_load_or_by_when_the_count_was_reached()
    {
        const string trace = "1 2 2 1 3";
        Assert.Equal("m m h h -1", PolicyRun.Steps(new LfuPolicy(2), trace));
        Assert.Equal("m m h h -2", PolicyRun.Steps(new LfuPolicy(2, LfuTies.Reached), trace));
        var options = PolicyOptions.Default with { LfuTies = LfuTies.Reached };
        Assert.Equal(LfuTies.Reached, ((LfuPolicy)PolicyFactory.Create("lfu", 2, options)).Ties);
    }
}
