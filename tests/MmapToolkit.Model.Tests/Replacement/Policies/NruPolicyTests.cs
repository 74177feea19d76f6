using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

public class NruPolicyTests
{
    // Hand check, F = 3, a tick (R cleared) after every 3rd reference. Class = 2R + M; queues in order of joining.
    //  t1 1w: class 3 [1]      t2 2, t3 3: class 2 [2 3] → tick: class 0 [2 3], class 1 [1]
    //  t4 4: class 0's first, 2, goes; 4 in class 2
    //  t5 1 hit: class 1 → 3
    //  t6 2w: class 0 [3] → 3 goes; 2 loads (class 2) and is written (class 3 [1 2]) → tick: class 0 [4], class 1 [1 2]
    //  t7 5: 4 goes (clean and unreferenced before dirty and unreferenced)
    //  t8 6: class 0 empty: class 1's 1 goes (dirty but unreferenced, before 5 which was just referenced)
    //  t9 2 hit: class 1 → 3 → tick: class 0 [5 6], class 1 [2]
    //  t10 7: 5 goes
    [Fact]
    public void A_hand_checked_trace()
    {
        Assert.Equal("m m m -2 h -3 -4 -1 h -5",
                     PolicyRun.Steps(new NruPolicy(3, period: 3), "1w 2 3 4 1 2w 5 6 2 7"));
    }

    [Fact]
    public void Classes_combine_the_reference_and_modified_bits()
    {
        var trace = DenseTrace.From(TraceParser.Parse("1w 2 3 1 2w"));
        var policy = new NruPolicy(3, period: 3);
        var engine = new ReplacementEngine(policy, trace);
        for (int i = 0; i < trace.Length; i++) engine.Step(trace.Ids[i], trace.Writes[i]);
        Assert.Equal(3, policy.ClassOf(PolicyRun.FrameOf(engine, trace, 1)));   // referenced again after the tick, dirty
        Assert.Equal(3, policy.ClassOf(PolicyRun.FrameOf(engine, trace, 2)));   // written after the tick
        Assert.Equal(0, policy.ClassOf(PolicyRun.FrameOf(engine, trace, 3)));   // clean, not referenced since the tick
    }
}
