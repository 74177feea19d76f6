using MmapToolkit.Model.Replacement;
using MmapToolkit.Pager;
using static MmapToolkit.Linux.Tests.Pager.PagerTestSupport;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>The pager's real faults (SIGSEGVs on real memory) equal the model's prediction, policy by policy.</summary>
[Collection(PagerCollection.Name)]
public class PagerModelAgreementTests
{
    [Theory]
    [InlineData(PagerPolicy.Fifo)]
    [InlineData(PagerPolicy.Clock)]
    [InlineData(PagerPolicy.Lru)]
    [InlineData(PagerPolicy.Opt)]
    [InlineData(PagerPolicy.Random)]
    public void NotesString_RealFaultsEqualModel_FrameCountByFrameCount(PagerPolicy policy)
    {
        var trace = TraceParser.Parse(NotesString);
        foreach (var backend in Backends)
            for (int frames = 1; frames <= 5; frames++)
            {
                var model = TraceSimulator.Run(policy.Name(), frames, trace, seed: 1);
                var real = Replay(policy, frames, trace, seed: 1, backend);
                Assert.True(model.Faults == real.Faults, $"{policy} at {frames} frames ({backend}): pager {real.Faults} faults, model {model.Faults}");
                Assert.Equal(model.Evictions, real.Evictions);
            }
    }

    [Fact]
    public void BeladysAnomalyAppearsOnRealFaults()
    {
        var trace = TraceParser.Parse(NotesString);
        long three = Replay(PagerPolicy.Fifo, 3, trace).Faults;
        long four = Replay(PagerPolicy.Fifo, 4, trace).Faults;
        Assert.Equal(9, three);  // the notes' FIFO tables
        Assert.Equal(10, four);
        Assert.True(four > three, "more frames, more faults");
    }

    [Theory]
    [InlineData(PagerPolicy.Fifo)]
    [InlineData(PagerPolicy.Clock)]
    [InlineData(PagerPolicy.Lru)]
    [InlineData(PagerPolicy.Opt)]
    [InlineData(PagerPolicy.Random)]
    public void RandomTracesWithWrites_FaultsAndSwapTrafficEqualModel(PagerPolicy policy)
    {
        foreach (var backend in Backends)
        for (int seed = 1; seed <= 3; seed++)
        {
            var trace = RandomTrace(seed, length: 300, pages: 12, writeShare: 0.35);
            foreach (int frames in new[] { 1, 2, 3, 5, 8 })
            {
                ulong randomSeed = (ulong)(seed * 17);
                var model = TraceSimulator.Run(policy.Name(), frames, trace, randomSeed);
                var real = Replay(policy, frames, trace, randomSeed, backend);
                string where = $"{policy}, trace {seed}, {frames} frames, {backend} backend";
                Assert.True(model.Faults == real.Faults, $"{where}: pager {real.Faults} faults, model {model.Faults}");
                Assert.True(model.SwapOuts == real.SwapOuts, $"{where}: pager {real.SwapOuts} swap-outs, model {model.SwapOuts}");
                Assert.True(model.SwapIns == real.SwapIns, $"{where}: pager {real.SwapIns} swap-ins, model {model.SwapIns}");
                Assert.Equal(model.Evictions, real.Evictions);
                Assert.True(real.SwapOuts > 0 || frames >= 12, $"{where}: the trace should force dirty evictions");
            }
        }
    }

    [Fact]
    public void ClockEmulatesReferenceBitsWithProtection_LruSeesEveryChangeOfPage()
    {
        foreach (var backend in Backends) ReferenceEmulation(backend);
    }

    private static void ReferenceEmulation(PagerBackend backend)
    {
        var trace = TraceParser.Parse(NotesString);
        // FIFO never needs to see a hit; CLOCK's swept pages fault again when used; LRU sees every change of page.
        Assert.Equal(0, Replay(PagerPolicy.Fifo, 3, trace, backend: backend).ReferenceFaults);
        Assert.True(Replay(PagerPolicy.Clock, 3, trace, backend: backend).ReferenceFaults > 0);
        var lru = Replay(PagerPolicy.Lru, 4, trace, backend: backend);
        int changes = 0;
        for (int i = 1; i < trace.Count; i++) if (trace[i].Page != trace[i - 1].Page) changes++;
        Assert.Equal(changes + 1, lru.Faults + lru.ReferenceFaults);
    }

    [Fact]
    public void EventLogShowsEveryFaultWithItsVictim()
    {
        var trace = TraceParser.Parse("0 1 2 3w 0 1 4 0 1 2 3 4");
        using var pager = new UserPager(new PagerOptions { Pages = 5, Frames = 3, Policy = PagerPolicy.Fifo });
        var log = pager.OpenEventLog();
        var result = PagerReplay.Run(pager, ToAccesses(trace));
        var events = log.ReadNew();
        Assert.Equal(result.Counts.HandlerFaults, events.Count);
        Assert.Equal(0, log.Lost);
        var misses = events.Where(e => e.Cause.IsPageFault()).ToList();
        Assert.Equal([0L, 1, 2, 3, 0, 1, 4, 2, 3], misses.Select(e => e.Page));
        // FIFO victims in the notes' table: 0, 1, 2, 3, 0, 1; page 3 was written, so its eviction went to swap.
        Assert.Equal([0L, 1, 2, 3, 0, 1], misses.Where(e => e.Victim >= 0).Select(e => e.Victim));
        Assert.True(misses.Single(e => e.Victim == 3).VictimSwappedOut);
        Assert.Equal([0, 1, 2, 0, 1, 2, 0, 1, 2], misses.Select(e => e.Frame));
        Assert.True(events.Select(e => e.Sequence).SequenceEqual(Enumerable.Range(1, events.Count).Select(i => (ulong)i)));
        Assert.Empty(log.ReadNew());
    }
}
