using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

public class LruKPolicyTests
{
    // Hand check, F = 3; times are reference numbers, "(2nd, last)" per page, "∞" = no second reference yet.
    //  t1-3  1 2 3: (∞,1) (∞,2) (∞,3)        t4 1 hit: 1 = (1,4)
    //  t5  4: infinite ones first, LRU among them → 2 (retains last = 2); 4 = (∞,5)
    //  t6  2: candidates 3 (∞,3), 4 (∞,5), 1 (1,4) → 3 (retains 3); 2 reloads with 2nd = its retained 2: (2,6)
    //  t7  5: 4 (∞,5) → evicted (retains 5). (LRU would evict 1 here: its last use, t4, is the oldest.)
    //  t8  1 hit: (4,8)
    //  t9  3: 5 (∞,7) → evicted; 3 reloads as (3,9)
    //  t10 6: 2 (2,6), 1 (4,8), 3 (3,9) → 2, the oldest second reference
    //  t11 4: 6 (∞,10) → evicted; 4 reloads as (5,11)     t12 1 hit: (8,12)
    //  t13 7: 3 (3,9), 4 (5,11), 1 (8,12) → 3
    [Fact]
    public void A_hand_checked_trace()
    {
        Assert.Equal("m m m h -2 -3 -4 h -5 -2 -6 h -3",
                     PolicyRun.Steps(new LruKPolicy(3), "1 2 3 1 4 2 5 1 3 6 4 1 7"));
    }

    [Fact]
    public void A_scan_does_not_push_out_pages_referenced_twice()
    {
        // 1 and 2 have two references; the scan pages have one each, so they evict one another.
        string trace = "1 2 1 2 " + string.Join(' ', Enumerable.Range(10, 20)) + " 1 2";
        Assert.EndsWith("h h", PolicyRun.Steps(new LruKPolicy(4), trace));
        Assert.NotEqual("h h", PolicyRun.Steps(new LruPolicy(4), trace)[^3..]);
    }
}
