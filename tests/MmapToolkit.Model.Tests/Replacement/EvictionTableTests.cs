using MmapToolkit.Model.Replacement;
using MmapToolkit.TestTables;

namespace MmapToolkit.Model.Tests.Replacement;

/// <summary>The model's two implementations of the policies against the hand-derived eviction table.</summary>
public class EvictionTableTests
{
    [Fact]
    public void ThePolicyClassesEvictWhatTheTableSays() =>
        EvictionTable.Check("the policy classes (ReplacementEngine)", row =>
        {
            var trace = DenseTrace.From(row.References);
            int[]? nextUse = row.Policy == "opt" ? OptPolicy.NextUses(trace.Ids, trace.Distinct) : null;
            var engine = new ReplacementEngine(PolicyFactory.Create(row.Policy, row.Frames, EvictionTable.RandomSeed, nextUse), trace);
            var evictions = new List<(long, bool)>();
            var before = new int[row.Frames];
            for (int i = 0; i < trace.Length; i++)
            {
                for (int f = 0; f < before.Length; f++) before[f] = engine.IdInFrame(f);
                long evicted = engine.Evictions, swappedOut = engine.SwapOuts;
                engine.Step(trace.Ids[i], trace.Writes[i]);
                if (engine.Evictions > evicted)
                    evictions.Add((trace.PageOfId[before[engine.LastLoadedFrame]], engine.SwapOuts > swappedOut));
            }
            return new(engine.Faults, evictions);
        });

    [Fact]
    public void TheFastLoopsEvictWhatTheTableSays()
    {
        var covered = new HashSet<string>();
        EvictionTable.Check("the trace simulator's fast loops (FastSimulator)", row =>
        {
            var trace = DenseTrace.From(row.References);
            var log = new EvictionLog(trace);
            if (FastSimulator.TryRun(row.Policy, row.Frames, trace, log) is not { } result) return null;
            covered.Add(row.Policy);
            return new(result.Faults, log.Evictions);
        });
        Assert.Equal(["clock", "fifo", "lru"], covered.Order());
    }

    [Fact]
    public void TheTraceSimulatorCountsWhatTheTableSays()
    {
        // The public entry point (a fast loop or a policy class, whichever it picks), by counts.
        foreach (var row in EvictionTable.Rows)
        {
            var result = TraceSimulator.Run(row.Policy, row.Frames, row.References, EvictionTable.RandomSeed);
            var evicted = row.Evicted.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(row.Faults == result.Faults, $"{row}: {result.Faults} faults, the table says {row.Faults}");
            Assert.True(evicted.Length == result.Evictions, $"{row}: {result.Evictions} evictions, the table says {evicted.Length}");
            int dirty = evicted.Count(e => e.EndsWith('w'));
            Assert.True(dirty == result.SwapOuts, $"{row}: {result.SwapOuts} swap-outs, the table says {dirty}");
        }
    }

    [Fact]
    public void EachRowFaultsOnceForEachFrameItFillsAndOnceForEachEviction()
    {
        // Guards the hand-written rows against a typo: faults = cold fills + evictions.
        foreach (var row in EvictionTable.Rows)
        {
            int distinct = row.References.Select(r => r.Page).Distinct().Count();
            int evictions = row.Evicted.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.True(row.Faults == Math.Min(distinct, row.Frames) + evictions,
                $"{row}: {row.Faults} faults, but {Math.Min(distinct, row.Frames)} fills + {evictions} evictions");
        }
    }

    private sealed class EvictionLog(DenseTrace trace) : IEvictionSink
    {
        public List<(long Page, bool Dirty)> Evictions { get; } = [];
        public void Evicted(int victimId, bool dirty) => Evictions.Add((trace.PageOfId[victimId], dirty));
    }
}
