using System.Runtime.InteropServices;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Pager;
using static MmapToolkit.Linux.Tests.Pager.PagerTestSupport;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>WSClock on real faults: reference bits emulated by protection (or the uffd stash), the dirty bit by the first
/// store's fault, ages in the replay's virtual time; the pager's faults, victims and write-backs equal the model's
/// <see cref="WsClockPolicy"/> on every backend.</summary>
[Collection(PagerCollection.Name)]
public class PagerWsClockTests
{
    /// <summary>Checked by hand (docs/pager.md, "WSClock on real faults"), time t = 1..10, 3 frames, τ = 2:
    /// t4 (page 4): a lap clears every bit, nothing is older than τ → inside the working set, first clean page from the
    /// hand (frame 1, page 2). t5: page 3's bit was cleared → a reference fault. t9 (page 5): frame 2 cleared; frame 0
    /// (page 1, dirty, last use 4, age 5) written back; frame 1 cleared; the first page written back is the victim
    /// (outside). t10 (page 6): frames 1 and 2 are young, frame 0 cleared → inside, first clean from the hand: frame 1
    /// (page 4).</summary>
    [Fact]
    public void HandCheckedTrace_VictimsWriteBacksAndReferenceFaults()
    {
        var trace = TraceParser.Parse("1w 2 3 4 3 3 3 3 5 6");
        foreach (var backend in Backends)
        {
            using var pager = new UserPager(new PagerOptions { Pages = 7, Frames = 3, Policy = PagerPolicy.WsClock, Tau = 2, Backend = backend });
            var log = pager.OpenEventLog();
            var real = PagerReplay.Run(pager, ToAccesses(trace));
            var misses = log.ReadNew().Where(e => e.Cause.IsPageFault()).ToList();
            Assert.Equal([1L, 2, 3, 4, 5, 6], misses.Select(e => e.Page));
            Assert.Equal([2L, 1, 4], misses.Where(e => e.Victim >= 0).Select(e => e.Victim));
            Assert.Equal([0, 1, 2, 1, 0, 1], misses.Select(e => e.Frame));
            // Page 1 was written back by the hand before it was taken: its eviction itself writes nothing.
            Assert.False(misses.Single(e => e.Victim == 1).VictimSwappedOut);
            Assert.Equal(1, real.SwapOuts);
            Assert.Equal(2, real.Counts.EvictionsInWorkingSet);
            Assert.Equal(1, real.ReferenceFaults);
            Assert.Equal(6, real.Faults);

            var model = WsClockPolicy.Run(DenseTrace.From(trace), 3, 2);
            Assert.Equal((6L, 1L, 2L, 1L), (model.Faults, model.WriteBacks, model.EvictionsInsideWorkingSet, model.EvictionsOutsideWorkingSet));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(40)]
    [InlineData(1000)]
    public void RandomTracesWithWrites_FaultsVictimsAndWriteBacksEqualModel(long tau)
    {
        long inside = 0, outside = 0, writeBacks = 0;
        foreach (var backend in Backends)
            for (int seed = 1; seed <= 3; seed++)
            {
                var trace = RandomTrace(seed, length: 400, pages: 14, writeShare: 0.35);
                foreach (int frames in new[] { 1, 2, 3, 5, 8, 13 })
                {
                    var model = WsClockPolicy.Run(DenseTrace.From(trace), frames, tau);
                    var real = Replay(backend, frames, tau, trace);
                    string where = $"tau {tau}, trace {seed}, {frames} frames, {backend} backend";
                    Assert.True(model.Faults == real.Faults, $"{where}: pager {real.Faults} faults, model {model.Faults}");
                    Assert.True(model.WriteBacks == real.SwapOuts, $"{where}: pager {real.SwapOuts} write-backs, model {model.WriteBacks}");
                    Assert.True(model.EvictionsInsideWorkingSet == real.Counts.EvictionsInWorkingSet,
                                $"{where}: pager {real.Counts.EvictionsInWorkingSet} victims inside the working set, model {model.EvictionsInsideWorkingSet}");
                    Assert.Equal(model.EvictionsInsideWorkingSet + model.EvictionsOutsideWorkingSet, real.Evictions);
                    Assert.Equal(model.MaxResident, real.Counts.ResidentPages);
                    inside += model.EvictionsInsideWorkingSet;
                    outside += model.EvictionsOutsideWorkingSet;
                    writeBacks += model.WriteBacks;
                }
            }
        // The traces reach every branch of the sweep the window allows: a small τ leaves old pages to take (and dirty
        // ones to write back first); a τ longer than the trace keeps every page in the working set.
        Assert.True(inside > 0, $"tau {tau}: no victim from inside the working set");
        Assert.True(writeBacks > 0, $"tau {tau}: no write-back");
        if (tau < 400) Assert.True(outside > 0, $"tau {tau}: no victim outside the working set");
        else Assert.Equal(0, outside);
    }

    [Fact]
    public void ALongerTraceWithPhases_EqualsModel()
    {
        // Phases of locality: 8 pages used for 500 references, then the next 8 (overlapping by 3), with stores.
        var rng = new Random(42);
        var trace = new List<PageReference>();
        for (int phase = 0; phase < 8; phase++)
            for (int i = 0; i < 500; i++)
                trace.Add(new PageReference(phase * 5 + rng.Next(8), rng.NextDouble() < 0.2));
        foreach (var backend in Backends)
            foreach (var (frames, tau) in new[] { (6, 50L), (10, 50L), (10, 400L), (24, 200L) })
            {
                var model = WsClockPolicy.Run(DenseTrace.From(trace), frames, tau);
                var real = Replay(backend, frames, tau, trace);
                string where = $"{frames} frames, tau {tau}, {backend}";
                Assert.True(model.Faults == real.Faults, $"{where}: pager {real.Faults} faults, model {model.Faults}");
                Assert.Equal(model.WriteBacks, real.SwapOuts);
                Assert.Equal(model.EvictionsInsideWorkingSet, real.Counts.EvictionsInWorkingSet);
            }
    }

    [Fact]
    public void ContentsSurviveWriteBacksCleanDropsAndSwapIns()
    {
        const int pages = 96, frames = 8;
        foreach (var backend in Backends)
        {
            using var pager = new UserPager(new PagerOptions { Pages = pages, Frames = frames, Policy = PagerPolicy.WsClock, Tau = 20, Backend = backend });
            var versions = new long[pages];
            var rng = new Random(7);
            for (int i = 0; i < 4000; i++)
            {
                pager.VirtualTime = i + 1;
                int p = rng.NextDouble() < 0.7 ? rng.Next(12) : rng.Next(pages);
                var words = MemoryMarshal.Cast<byte, ulong>(pager.Page(p));
                if (rng.Next(3) == 0) PagerStress.Fill(words, p, ++versions[p]);
                else Assert.True(PagerStress.Check(words, p, versions[p]), $"{backend}: page {p} does not hold version {versions[p]}");
            }
            for (int p = 0; p < pages; p++)
                Assert.True(PagerStress.Check(MemoryMarshal.Cast<byte, ulong>(pager.Page(p)), p, versions[p]), $"{backend}: page {p} lost");
            var s = pager.Statistics;
            Assert.True(s.SwapOuts > 50 && s.SwapIns > 50 && s.CleanDrops > 50,
                        $"{backend}: expected write-backs, clean drops and swap-ins, got {s.SwapOuts}, {s.CleanDrops}, {s.SwapIns}");
        }
    }

    [Fact]
    public void AReplayCountsOnFromTheVirtualTimeItFinds()
    {
        using var pager = new UserPager(new PagerOptions { Pages = 4, Frames = 2, Policy = PagerPolicy.WsClock, Tau = 5 });
        Assert.Equal(0, pager.VirtualTime);
        PagerReplay.Run(pager, [new PagerAccess(0, false), new PagerAccess(1, true), new PagerAccess(0, false)]);
        Assert.Equal(3, pager.VirtualTime);
        PagerReplay.Run(pager, [new PagerAccess(2, false)]);
        Assert.Equal(4, pager.VirtualTime);
    }

    [Fact]
    public void ATauBelowOne_IsRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new UserPager(new PagerOptions { Pages = 4, Frames = 2, Policy = PagerPolicy.WsClock, Tau = 0 }));
        Assert.Contains("Tau must be a positive number of references (got 0)", e.Message);
        Assert.Throws<ArgumentException>(() => PagerStress.Validate(new PagerStressOptions { Pages = 64, Frames = 8, Policy = PagerPolicy.WsClock }));
    }

    private static PagerReplayResult Replay(PagerBackend backend, int frames, long tau, IReadOnlyList<PageReference> trace)
    {
        long pages = Math.Max(trace.Max(r => r.Page) + 1, frames);
        using var pager = new UserPager(new PagerOptions { Pages = pages, Frames = frames, Policy = PagerPolicy.WsClock, Tau = tau, Backend = backend });
        Assert.Equal(backend, pager.Backend);
        return PagerReplay.Run(pager, ToAccesses(trace));
    }
}
