using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

public class TwoQPolicyTests
{
    [Fact]
    public void Sizes_follow_the_papers_fractions_rounded_down()
    {
        var p = new TwoQPolicy(10);
        Assert.Equal((2, 5), (p.Kin, p.Kout));   // ⌊10·0.25⌋, ⌊10·0.5⌋
        Assert.Equal((1, 2), (new TwoQPolicy(4).Kin, new TwoQPolicy(4).Kout));
    }

    // Hand check, F = 4 so Kin = 1 and Kout = 2 (A1in and A1out listed oldest first, Am least recent first):
    //  1 2 3 4   cold: A1in [1 2 3 4]
    //  1         hit in A1in: nothing moves
    //  5         |A1in| 4 > 1: evict 1, A1out [1]          6: evict 2, A1out [1 2]
    //  1         remembered: out of A1out ([2]); evict A1in's 3, A1out [2 3]; 1 into Am [1]
    //  2         remembered: A1out [3]; evict 4, A1out [3 4]; Am [1 2]
    //  7         new: evict 5, A1out [3 4 5] → over Kout, 3 forgotten: [4 5]; A1in [6 7]
    //  1         hit in Am: Am [2 1]
    //  3         forgotten, so a new page: evict 6, A1out [5 6]; A1in [7 3]
    //  2         hit in Am: Am [1 2]
    //  8 9       evict 7 (A1out [6 7]), then 3 (A1out [7 3]); A1in [8 9]
    //  3         remembered: A1out [7]; evict 8 (A1out [7 8]); Am [1 2 3]; A1in [9]
    //  10        |A1in| 1 is not > Kin: Am's LRU page 1 goes, and is not remembered; A1in [9 10]
    [Fact]
    public void A_hand_checked_trace()
    {
        var p = new TwoQPolicy(4);
        Assert.Equal("m m m m h -1 -2 -3 -4 -5 h -6 h -7 -3 -8 -1",
                     PolicyRun.Steps(p, "1 2 3 4 1 5 6 1 2 7 1 3 2 8 9 3 10"));
        Assert.Equal((2, 2, 2), p.Sizes);
    }

    [Fact]
    public void Without_a_ghost_queue_it_is_fifo()
    {
        // Kout = 0: nothing is remembered, nothing reaches Am, A1in is a FIFO queue of every page.
        const string trace = "1 2 3 1 4 1 5 2 6 3 1 4 2 7 1";
        Assert.Equal(PolicyRun.Steps(new FifoPolicy(3), trace), PolicyRun.Steps(new TwoQPolicy(3, kin: 0.25, kout: 0), trace));
    }
}
