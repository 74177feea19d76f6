using MmapToolkit.Pager;
using MmapToolkit.TestTables;
using static MmapToolkit.Linux.Tests.Pager.PagerTestSupport;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>The pager's real evictions, read from its event log, against the hand-derived eviction table: the same
/// victims in the same order, dirty ones written to the swap file, for every policy.</summary>
[Collection(PagerCollection.Name)]
public class PagerEvictionTableTests
{
    [Fact]
    public void TheEventLogShowsTheTablesEvictions_OnEveryBackend()
    {
        foreach (var backend in Backends) Check(backend);
    }

    private static void Check(PagerBackend backend) =>
        EvictionTable.Check($"the user-level pager's event log ({backend.Name()} backend)", row =>
        {
            var trace = row.References;
            using var pager = new UserPager(new PagerOptions
            {
                Pages = Math.Max(trace.Max(r => r.Page) + 1, row.Frames), Frames = row.Frames,
                Policy = PagerPolicyNames.Parse(row.Policy), Seed = EvictionTable.RandomSeed, Backend = backend,
            });
            Assert.Equal(backend, pager.Backend);
            var log = pager.OpenEventLog();
            var result = PagerReplay.Run(pager, ToAccesses(trace));
            var events = log.ReadNew();
            Assert.True(log.Lost == 0, $"{row}: the event log lost {log.Lost} events");
            var evictions = events.Where(e => e.Cause.IsPageFault() && e.Victim >= 0)
                .Select(e => (e.Victim, e.VictimSwappedOut)).ToList();
            Assert.True(evictions.Count == result.Evictions, $"{row}: {evictions.Count} evicting events, {result.Evictions} evictions counted");
            return new(result.Faults, evictions);
        });
}
