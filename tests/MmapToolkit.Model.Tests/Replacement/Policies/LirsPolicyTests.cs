using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

public class LirsPolicyTests
{
    // Hand check, F = 3: Lhirs = max(1, ⌊3/100⌋) = 1, Llirs = 2. S bottom → top, "n" = non-resident; Q front first.
    //  t1 1, t2 2: LIR (warm-up). t3 3: HIR, S [1 2 3], Q [3]
    //  t4 1 hit (LIR, the bottom): S [2 3 1]; the bottom 2 is LIR, nothing pruned
    //  t5 4: Q's front 3 goes (S keeps 3n); 4 is new: HIR, S [2 3n 1 4], Q [4]            (LRU would evict 2)
    //  t6 3: 4 goes (4n); S holds 3 → LIR at the top; 3 LIR pages > 2: the bottom LIR 2 becomes HIR, Q [2],
    //        S [1 4n 3]
    //  t7 5: 2 goes (not in S: forgotten); 5 HIR: S [1 4n 3 5], Q [5]
    //  t8 2: 5 goes (5n); 2 HIR: S [1 4n 3 5n 2], Q [2]
    //  t9 4: 2 goes (2n); S holds 4 → LIR; the bottom LIR 1 becomes HIR, Q [1]; S [3 5n 2n 4]
    //  t10 1 hit: resident HIR that S does not hold: to S's top, Q's end: S [3 5n 2n 4 1]
    //  t11 1 hit: now S holds it → LIR; the bottom LIR 3 becomes HIR, Q [3]; pruning drops 5n and 2n: S [4 1]
    //  t12 5: 3 goes (not in S); 5 was forgotten: HIR, S [4 1 5], Q [5]
    [Fact]
    public void A_hand_checked_trace()
    {
        var p = new LirsPolicy(3);
        Assert.Equal((2, 1), (p.LirFrames, p.HirFrames));
        Assert.Equal("m m m h -3 -4 -2 -5 -2 h h -3", PolicyRun.Steps(p, "1 2 3 1 4 3 5 2 4 1 1 5"));
        Assert.Equal([(4L, true), (1L, true), (5L, true)], p.Stack());
    }

    [Fact]
    public void A_loop_one_page_longer_than_memory_keeps_its_lir_pages()
    {
        // LRU misses every reference of a loop over F + 1 pages; LIRS keeps Llirs of them.
        string trace = string.Join(' ', Enumerable.Repeat("1 2 3 4 5 6 7 8 9 10 11", 20));
        int lru = PolicyRun.Steps(new LruPolicy(10), trace).Split(' ').Count(s => s != "h");
        int lirs = PolicyRun.Steps(new LirsPolicy(10), trace).Split(' ').Count(s => s != "h");
        Assert.Equal(220, lru);
        Assert.True(lirs < 60, $"LIRS took {lirs} faults");
    }

    [Fact]
    public void Lirs_matches_its_definition_by_inter_reference_recency()
    {
        var rng = new Random(53);
        for (int n = 0; n < 300; n++)
        {
            var refs = NaivePolicies.RandomTrace(rng, rng.Next(2, 30), rng.Next(1, 300));
            string text = string.Join(' ', refs.Select(r => r.Page));
            for (int frames = 1; frames <= 8; frames++)
                Assert.Equal(ByDefinition(refs.Select(r => r.Page).ToArray(), frames), PolicyRun.Steps(new LirsPolicy(frames), text));
        }
    }

    // LIRS without the stack: a page is "in S" exactly when its last reference is more recent than the least recent
    // LIR page's (S is ordered by last reference and pruned below its lowest LIR page, whose last reference only grows).
    private static string ByDefinition(long[] trace, int frames)
    {
        int hir = Math.Max(1, frames / 100), lirLimit = frames - hir;
        var last = new Dictionary<long, long>();
        var lir = new HashSet<long>();
        var resident = new HashSet<long>();
        var queue = new List<long>();
        var steps = new List<string>();
        long MinLir() => lir.Count == 0 ? long.MaxValue : lir.Min(p => last[p]);
        bool InStack(long p) => last.TryGetValue(p, out long t) && t > MinLir();
        void Promote(long p)
        {
            lir.Add(p);
            if (lir.Count > lirLimit)
            {
                long bottom = lir.MinBy(q => last[q]);
                lir.Remove(bottom);
                queue.Add(bottom);
            }
        }
        for (int t = 0; t < trace.Length; t++)
        {
            long x = trace[t];
            if (resident.Contains(x))
            {
                steps.Add("h");
                if (!lir.Contains(x))
                {
                    bool inStack = InStack(x);
                    queue.Remove(x);
                    last[x] = t;
                    if (inStack && lirLimit > 0) Promote(x);
                    else queue.Add(x);
                }
                last[x] = t;
                continue;
            }
            if (resident.Count == frames)
            {
                long victim = queue[0];
                queue.RemoveAt(0);
                resident.Remove(victim);
                steps.Add("-" + victim);
            }
            else
            {
                steps.Add("m");
            }
            bool wasInStack = InStack(x);
            last[x] = t;
            resident.Add(x);
            if (lir.Count < lirLimit || (wasInStack && lirLimit > 0)) Promote(x);
            else queue.Add(x);
        }
        return string.Join(' ', steps);
    }
}
