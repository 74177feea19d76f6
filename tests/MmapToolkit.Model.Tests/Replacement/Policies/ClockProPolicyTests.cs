using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

public class ClockProPolicyTests
{
    // Hand check, m = 3 frames: m_c in [max(1, ⌊3/100⌋), 3 − 1] = [1, 2], starting at 2, so at most m − m_c = 1 hot page.
    // The clock from HAND_hot's page (the tail) to the head; H hot, c cold in test, C cold out of test, n non-resident
    // (in test), * reference bit set. HAND_cold = the first resident cold page from the tail, HAND_test = the first page
    // in test. New pages go to the head with bit 0.
    //  t1-3 1 2 3: [1c 2c 3c]                        t4 1 hit: [1c* 2c 3c]
    //  t5 4: HAND_cold: 1 has its bit, in test → hot at the head (m_c + 1, stays 2 at the top): [2c 3c 1H]; 1 hot ≤ 1.
    //        Next cold 2: bit 0, in test → non-resident. 4 new: [2n 3c 1H 4c]                              victim 2
    //  t6 2: HAND_cold: 3 bit 0 → non-resident: [2n 3n 1H 4c]. 2 is in the clock → hot at the head (m_c 2):
    //        [3n 1H 4c 2H]; 2 hot > 1 → HAND_hot: 3n ends its test unreferenced, leaves (m_c 1); 1H bit 0 → cold,
    //        passed: [4c 2H 1C]; on to a hot page: 4c's test ends unreferenced (m_c stays 1), passed: [2H 1C 4C]     victim 3
    //  t7 5: HAND_cold: 1C bit 0, out of test → forgotten. [2H 4C 5c]                                         victim 1
    //  t8 4 hit: [2H 4C* 5c]
    //  t9 1: HAND_cold: 4C* → bit cleared, to the head, a new test period: [2H 5c 4c]; 5c bit 0 → non-resident.
    //        1 is new: [2H 5n 4c 1c]                                                                         victim 5
    //  t10 5: HAND_cold: 4c → non-resident: [2H 5n 4n 1c]. 5 in the clock → hot (m_c 2): [2H 4n 1c 5H]; 2 hot > 1 →
    //        HAND_hot: 2H bit 0 → cold: [4n 1c 5H 2C]; 4n leaves (m_c 1); 1c's test ends (m_c 1): [5H 2C 1C]      victim 4
    //  t11 6: 2C out of test → forgotten: [5H 1C 6c]                                                          victim 2
    //  t12 7: 1C → forgotten: [5H 6c 7c]                                                                      victim 1
    //  t13-15 8 9 10: 6, 7, 8 become non-resident in turn: [5H 6n 7n 8n 9c 10c]                            victims 6 7 8
    //  t16 11: 9c → non-resident; 4 > m = 3 non-resident → HAND_test: 6n leaves: [5H 7n 8n 9n 10c 11c]         victim 9
    //  t17 7: HAND_cold first: 10c → non-resident; HAND_test: 7n leaves, so 7 loads as a new page:
    //        [5H 8n 9n 10n 11c 7c]                                                                           victim 10
    //  t18 9: 11c → non-resident; HAND_test: 8n leaves. 9 in the clock → hot (m_c 2): [5H 10n 11n 7c 9H]; HAND_hot:
    //        5H → cold: [10n 11n 7c 9H 5C]; 10n, 11n leave (m_c 1); 7c's test ends (m_c 1): [9H 5C 7C]              victim 11
    [Fact]
    public void A_hand_checked_trace()
    {
        var p = new ClockProPolicy(3);
        Assert.Equal((1, 2, 2), (p.MinColdTarget, p.MaxColdTarget, p.ColdTarget));
        var dense = DenseTrace.From(TraceParser.Parse("1 2 3 1 4 2 5 4 1 5 6 7 8 9 10 11 7 9"));
        var engine = new ReplacementEngine(p, dense);
        (string Step, string Clock, int ColdTarget)[] expected =
        [
            ("m", "1c", 2), ("m", "1c 2c", 2), ("m", "1c 2c 3c", 2), ("h", "1c* 2c 3c", 2),
            ("-2", "2n 3c 1H 4c", 2),
            ("-3", "2H 1C 4C", 1),
            ("-1", "2H 4C 5c", 1),
            ("h", "2H 4C* 5c", 1),
            ("-5", "2H 5n 4c 1c", 1),
            ("-4", "5H 2C 1C", 1),
            ("-2", "5H 1C 6c", 1),
            ("-1", "5H 6c 7c", 1),
            ("-6", "5H 6n 7c 8c", 1), ("-7", "5H 6n 7n 8c 9c", 1), ("-8", "5H 6n 7n 8n 9c 10c", 1),
            ("-9", "5H 7n 8n 9n 10c 11c", 1),
            ("-10", "5H 8n 9n 10n 11c 7c", 1),
            ("-11", "9H 5C 7C", 1),
        ];
        for (int i = 0; i < dense.Length; i++)
        {
            bool hit = engine.Step(dense.Ids[i], dense.Writes[i]);
            string step = hit ? "h" : engine.LastEvictedId < 0 ? "m" : "-" + dense.PageOfId[engine.LastEvictedId];
            Assert.Equal(expected[i], (step, Spell(p), p.ColdTarget));
        }
        Assert.Equal((1, 2, 0), (p.HotCount, p.ResidentColdCount, p.NonResidentCount));
        Assert.Equal((9L, 5L, (long?)null), (p.HandHotPage, p.HandColdPage, p.HandTestPage));
    }

    private static string Spell(ClockProPolicy p) => string.Join(' ', p.Clock().Select(e => e.Page + e.Status switch
    {
        ClockProStatus.Hot => "H",
        ClockProStatus.ColdInTest => "c",
        ClockProStatus.Cold => "C",
        _ => "n",
    } + (e.Referenced ? "*" : "")));

    [Fact]
    public void The_fast_clock_equals_the_plain_list_reference_step_by_step()
    {
        // Faults, victims, the whole clock (order, status, bits), both hands and m_c after every reference.
        var rng = new Random(71);
        for (int n = 0; n < 2000; n++)
        {
            int frames = rng.Next(1, 9);
            var trace = NaivePolicies.RandomTrace(rng, rng.Next(2, 4 * frames + 6), rng.Next(1, 250));
            CompareWithReference(trace.Select(r => r.Page).ToArray(), frames);
        }
    }

    [Fact]
    public void The_fast_clock_equals_the_reference_with_the_cold_target_bounds_above_one()
    {
        // 200 frames and more give m_c a lower bound of 2 and up, and room for it to move between its bounds.
        var rng = new Random(72);
        for (int n = 0; n < 40; n++)
        {
            int frames = rng.Next(200, 320);
            int pages = rng.Next(frames + 1, 3 * frames);
            var trace = Enumerable.Range(0, 3000).Select(_ => (long)(rng.Next(4) == 0 ? rng.Next(pages) : rng.Next(frames / 2))).ToArray();
            CompareWithReference(trace, frames);
        }
    }

    [Fact]
    public void Random_traces_keep_the_bounds()
    {
        // Resident ≤ m, hot ≤ m − min m_c, non-resident ≤ m, m_c within its bounds, the counts equal to the clock's,
        // and a hit never faults (the engine counts it as a hit only when the page is resident).
        var rng = new Random(73);
        for (int n = 0; n < 300; n++)
        {
            int frames = rng.Next(1, 40);
            var trace = NaivePolicies.RandomTrace(rng, rng.Next(2, 5 * frames + 5), rng.Next(1, 600));
            var dense = DenseTrace.From(trace);
            var p = new ClockProPolicy(frames);
            var engine = new ReplacementEngine(p, dense);
            var resident = new HashSet<long>();
            for (int i = 0; i < dense.Length; i++)
            {
                long page = dense.PageOfId[dense.Ids[i]];
                bool hit = engine.Step(dense.Ids[i], dense.Writes[i]);
                Assert.Equal(resident.Contains(page), hit);
                if (!hit && engine.LastEvictedId >= 0) resident.Remove(dense.PageOfId[engine.LastEvictedId]);
                resident.Add(page);

                var clock = p.Clock().ToList();
                int hot = clock.Count(e => e.Status == ClockProStatus.Hot);
                int cold = clock.Count(e => e.Status is ClockProStatus.ColdInTest or ClockProStatus.Cold);
                int nonResident = clock.Count(e => e.Status == ClockProStatus.NonResident);
                Assert.Equal((hot, cold, nonResident), (p.HotCount, p.ResidentColdCount, p.NonResidentCount));
                Assert.Equal(resident.Order(), clock.Where(e => e.Status != ClockProStatus.NonResident).Select(e => e.Page).Order());
                Assert.True(hot + cold <= frames);
                Assert.True(hot <= frames - p.MinColdTarget, $"{hot} hot pages in {frames} frames");
                Assert.True(nonResident <= frames);
                Assert.InRange(p.ColdTarget, p.MinColdTarget, p.MaxColdTarget);
                Assert.Equal(clock.Count, clock.Select(e => e.Page).Distinct().Count());
            }
        }
    }

    [Fact]
    public void A_loop_one_page_longer_than_memory_keeps_hot_pages()
    {
        // CLOCK and LRU miss every reference of a loop over F + 1 pages; CLOCK-Pro's test periods find the short
        // reuse distance, m_c falls as the first pass's test periods end, and hot pages stay.
        string trace = string.Join(' ', Enumerable.Repeat(string.Join(' ', Enumerable.Range(1, 11)), 30));
        int clock = PolicyRun.Steps(new ClockPolicy(10), trace).Split(' ').Count(s => s != "h");
        int clockPro = PolicyRun.Steps(new ClockProPolicy(10), trace).Split(' ').Count(s => s != "h");
        Assert.Equal(330, clock);
        Assert.True(clockPro < 200, $"CLOCK-Pro took {clockPro} faults");
    }

    private static void CompareWithReference(long[] trace, int frames)
    {
        var fast = new ClockProPolicy(frames);
        var slow = new NaiveClockPro(frames);
        var dense = DenseTrace.From(trace.Select(p => new PageReference(p, false)).ToArray());
        var engine = new ReplacementEngine(fast, dense);
        for (int i = 0; i < dense.Length; i++)
        {
            bool hit = engine.Step(dense.Ids[i], dense.Writes[i]);
            string step = hit ? "h" : engine.LastEvictedId < 0 ? "m" : "-" + dense.PageOfId[engine.LastEvictedId];
            string expected = slow.Step(trace[i]);
            string where = $"frames {frames}, reference {i} of [{string.Join(' ', trace.Take(300))}{(trace.Length > 300 ? " …" : "")}]";
            Assert.True(expected == step, $"{where}: reference says {expected}, policy did {step}");
            Assert.True(slow.Snapshot().SequenceEqual(fast.Clock()), $"{where}: clocks differ");
            Assert.True((slow.HandCold, slow.HandTest, slow.ColdTarget) == (fast.HandColdPage, fast.HandTestPage, fast.ColdTarget),
                $"{where}: hands or m_c differ ({slow.HandCold}, {slow.HandTest}, {slow.ColdTarget}) vs ({fast.HandColdPage}, {fast.HandTestPage}, {fast.ColdTarget})");
        }
    }
}
