using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

public class VariableAllocationTests
{
    private static DenseTrace Trace(string text) => DenseTrace.From(TraceParser.Parse(text));

    // Hand check, τ = 3: the resident set after each reference is W(t, 3), the pages among the last three references.
    //  t:     1    2      3      4        5        6        7        8      9
    //  page:  1    2      1      3        2        4        1        1      5
    //  W:    {1} {1,2}  {1,2}  {1,2,3}  {1,3,2}  {3,2,4}  {2,4,1}  {4,1}  {1,5}
    //  fault: y    y      -      y        -        y        y        -      y      → 6 faults; sizes sum 21, max 3
    [Fact]
    public void Working_set_a_hand_checked_trace()
    {
        var r = WorkingSetPolicy.Run(Trace("1 2 1 3 2 4 1 1 5"), tau: 3);
        Assert.Equal((9L, 6L, 3L, 3), (r.References, r.Faults, r.Hits, r.MaxResident));
        Assert.Equal(21.0 / 9, r.MeanResident, 12);
    }

    [Fact]
    public void Working_set_equals_its_definition_on_random_traces()
    {
        var rng = new Random(31);
        for (int n = 0; n < 100; n++)
        {
            var refs = NaivePolicies.RandomTrace(rng, rng.Next(2, 20), rng.Next(1, 200));
            long tau = rng.Next(1, 30);
            // The definition, slowly: W(t, τ) is the set of pages among references t−τ+1 .. t.
            long faults = 0, sum = 0;
            int max = 0;
            for (int t = 0; t < refs.Length; t++)
            {
                var before = refs.Skip((int)Math.Max(0, t - tau)).Take((int)Math.Min(tau, t)).Select(r => r.Page).ToHashSet();
                if (!before.Contains(refs[t].Page)) faults++;
                int size = refs.Skip((int)Math.Max(0, t - tau + 1)).Take((int)Math.Min(tau, t + 1)).Select(r => r.Page).Distinct().Count();
                sum += size;
                max = Math.Max(max, size);
            }
            var fast = WorkingSetPolicy.Run(DenseTrace.From(refs), tau);
            Assert.Equal((faults, max), (fast.Faults, fast.MaxResident));
            Assert.Equal((double)sum / refs.Length, fast.MeanResident, 9);
        }
    }

    // Hand check, T = 2 (t′ = the previous fault; 0-based times):
    //  0 1 fault (first: load)  {1}        1 2 fault, 1 ≤ 2 since t′ = 0: grow {1,2}     2 3 fault, grow {1,2,3}
    //  3 1 hit, 4 2 hit
    //  5 4 fault, 5 − 2 = 3 > 2: release pages not referenced since t′ = 2: 1 (at 3), 2 (at 4), 3 (at 2) all stay → {1,2,3,4}
    //  6 4 hit, 7 4 hit
    //  8 5 fault, 8 − 5 = 3 > 2: 1, 2, 3 were not referenced since 5 and go → {4,5}
    //  9 1 fault, 9 − 8 = 1: grow {4,5,1}
    //  sizes 1 2 3 3 3 4 4 4 2 3 → sum 29, max 4; faults 6
    [Fact]
    public void Pff_a_hand_checked_trace()
    {
        var r = PffPolicy.Run(Trace("1 2 3 1 2 4 4 4 5 1"), window: 2);
        Assert.Equal((10L, 6L, 4), (r.References, r.Faults, r.MaxResident));
        Assert.Equal(2.9, r.MeanResident, 12);
    }

    [Fact]
    public void Pff_with_a_window_past_the_trace_never_releases()
    {
        var r = PffPolicy.Run(Trace("1 2 3 1 2 4 4 4 5 1 6 7 1"), window: 1000);
        Assert.Equal(7L, r.Faults);   // only the seven cold misses: nothing ever left
        Assert.Equal(7, r.MaxResident);
    }

    // Hand check, 3 frames, τ = 2 (1-based times; lu = time of last use):
    //  t1 1w → f0, t2 2 → f1, t3 3 → f2 (R set, lu = load time)
    //  t4 4: hand 0 clears R of f0, f1, f2 (lu = 4): a lap with nothing old → the first clean page from the start,
    //        f1 (page 2; f0 is dirty): a victim inside the working set; hand → f2
    //  t5..t8 3 hits (f2's R set)
    //  t9 5: f2 R → cleared (lu 9); f0 (page 1) R 0, age 9 − 4 = 5 > 2, dirty: written back; f1 (page 4) R → cleared.
    //        Back at the start with a write-back: page 1, now clean, is the victim (outside the working set); hand → f1
    //  t10 6: f1 (4) and f2 (3) are young (age 1), f0 (5) has R → cleared: nothing old, the first clean page from f1,
    //        page 4, goes (inside)
    [Fact]
    public void Wsclock_a_hand_checked_trace()
    {
        var r = WsClockPolicy.Run(Trace("1w 2 3 4 3 3 3 3 5 6"), frames: 3, tau: 2);
        Assert.Equal((6L, 4L, 1L, 1L, 2L), (r.Faults, r.Hits, r.WriteBacks, r.EvictionsOutsideWorkingSet, r.EvictionsInsideWorkingSet));
        Assert.Equal((2.7, 3), (Math.Round(r.MeanResident, 9), r.MaxResident));

        // The same without the store: at t4 the first clean page from the start is f0's page 1 (inside; hand → f1);
        // at t9 f1's page 2 (R cleared at t4, age 5) is old and clean and goes at once (outside; hand → f2); at t10
        // f2 (3), f0 (4) and f1 (5) all have R set: cleared, nothing old → the first clean from f2, page 3 (inside).
        var clean = WsClockPolicy.Run(Trace("1 2 3 4 3 3 3 3 5 6"), frames: 3, tau: 2);
        Assert.Equal((6L, 0L, 1L, 2L), (clean.Faults, clean.WriteBacks, clean.EvictionsOutsideWorkingSet, clean.EvictionsInsideWorkingSet));
    }

    [Fact]
    public void Wsclock_counts_what_the_plain_sweep_counts()
    {
        var rng = new Random(41);
        for (int n = 0; n < 300; n++)
        {
            // Up to 200 frames, so the bitmaps' second level is used; τ from 1 (nearly everything old) to past the trace.
            var refs = NaivePolicies.RandomTrace(rng, rng.Next(2, 400), rng.Next(1, 1500), writeShare: rng.NextDouble());
            var dense = DenseTrace.From(refs);
            int frames = rng.Next(1, 200);
            long tau = rng.Next(4) == 0 ? 100_000 : rng.Next(1, 300);
            Assert.Equal(NaiveWsClock.Run(dense, frames, tau), WsClockPolicy.Run(dense, frames, tau));
        }
    }

    [Fact]
    public void Wsclock_with_memory_for_every_page_takes_only_cold_misses()
    {
        var r = WsClockPolicy.Run(Trace("1 2 3 1 2 4 4 4 5 1"), frames: 8, tau: 1);
        Assert.Equal((5L, 0L, 0L, 5), (r.Faults, r.EvictionsOutsideWorkingSet + r.EvictionsInsideWorkingSet, r.WriteBacks, r.MaxResident));
    }

    [Fact]
    public void The_factory_names_them_and_sends_them_to_their_own_run()
    {
        Assert.Equal("ws", PolicyFactory.Normalize("WS"));
        var e = Assert.Throws<ArgumentException>(() => PolicyFactory.Create("pff", 4));
        Assert.Contains("VariableAllocation.Run", e.Message);
        var r = VariableAllocation.Run("ws", Trace("1 2 1"), 0, PolicyOptions.Default with { Tau = 1 });
        Assert.Equal(3L, r.Faults);   // τ = 1: only the page just referenced is resident
    }
}
