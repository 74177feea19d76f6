using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

public class AgingPolicyTests
{
    // Hand check, F = 3, 2-bit counters, a tick after every 2nd reference (counter = R·2 + counter/2, then R = 0).
    // Key = R·4 + counter; the smallest goes, equal keys to the page loaded first. Loads: 1 2 3 4 2 5 3 = #0..#6.
    //  t1 1, t2 2 → tick: 1 = 2, 2 = 2 (binary 10)
    //  t3 3 (R), t4 1 hit → tick: 1 = 10|01 = 3, 2 = 01 = 1, 3 = 10 = 2
    //  t5 4: keys 1:3, 2:1, 3:2 → 2 goes; 4 has R
    //  t6 2: keys 1:3, 3:2, 4:4 → 3 goes; tick: 1 = 1, 4 = 2, 2 = 2
    //  t7 5: 1 (1) goes
    //  t8 3: 4 (2, #3) and 2 (2, #4) tie, 5 has R (4): 4 was loaded first → 4 goes; tick: 2 = 1, 5 = 2, 3 = 2
    //  t9 2 hit (R: key 5)
    //  t10 6: 5 (2, #5) and 3 (2, #6) tie → 5
    [Fact]
    public void A_hand_checked_trace()
    {
        Assert.Equal("m m m h -2 -3 -1 -4 h -5",
                     PolicyRun.Steps(new AgingPolicy(3, bits: 2, period: 2), "1 2 3 1 4 2 5 3 2 6"));
    }

    [Fact]
    public void The_counters_after_a_tick_are_the_reference_history()
    {
        var trace = DenseTrace.From(TraceParser.Parse("1 2 3 1"));
        var policy = new AgingPolicy(3, bits: 2, period: 2);
        var engine = new ReplacementEngine(policy, trace);
        foreach (int id in trace.Ids) engine.Step(id, write: false);
        // t4's tick: 1 was referenced in both periods (11), 2 only in the first (01), 3 only in the second (10).
        Assert.Equal(3, policy.Counter(PolicyRun.FrameOf(engine, trace, 1)));
        Assert.Equal(1, policy.Counter(PolicyRun.FrameOf(engine, trace, 2)));
        Assert.Equal(2, policy.Counter(PolicyRun.FrameOf(engine, trace, 3)));
        Assert.False(policy.Referenced(0));
    }

    [Fact]
    public void The_default_period_is_the_frame_count()
    {
        Assert.Equal(5, new AgingPolicy(5).Period);
        Assert.Equal(7, new AgingPolicy(5, period: 7).Period);
    }
}
