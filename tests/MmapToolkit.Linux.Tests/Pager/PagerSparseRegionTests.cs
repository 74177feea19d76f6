using MmapToolkit.Model.Replacement;
using MmapToolkit.Pager;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>Memory follows the pages touched, not the highest page number: a 2^32-page region with a few pages used
/// stays small.</summary>
[Collection(PagerCollection.Name)]
public class PagerSparseRegionTests
{
    private const long MiB = 1 << 20;

    /// <summary>This process's resident set, as the kernel reports it (VmRSS).</summary>
    private static long ResidentBytes()
    {
        string line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Replace("kB", "").Trim()) * 1024;
    }

    [Fact]
    public void ARegionOf2To32Pages_WithAFewPagesTouchedFarApart_KeepsItsDataAndStaysSmall()
    {
        AMediumRegionStaysSmall();
        long before = ResidentBytes();
        const long pages = 1L << 32;
        long[] touched = [0, 1, 1L << 20, (1L << 31) + 12345, 3L << 30, pages - 2, pages - 1, 77_777_777];
        using var pager = new UserPager(new PagerOptions { Pages = pages, Frames = 4, Policy = PagerPolicy.Clock });
        Assert.Equal(pages, pager.Pages);
        foreach (long p in touched) PagerStress.Fill(Words(pager, p), p, 1);
        // Twice round: with 4 frames for 8 pages every page has been evicted to the swap file and comes back from it.
        for (int round = 0; round < 2; round++)
            foreach (long p in touched) Assert.True(PagerStress.Check(Words(pager, p), p, 1), $"page {p} lost");
        const long untouched = 1L << 31;
        Assert.DoesNotContain(untouched, touched);
        Assert.True(PagerStress.Check(Words(pager, untouched), untouched, 0), "an untouched page reads as zeros");

        var s = pager.Statistics;
        Assert.Equal(4, s.ResidentPages);
        Assert.True(s.SwapIns >= touched.Length, $"{s.SwapIns} swap-ins");
        long grown = ResidentBytes() - before;
        Assert.True(grown < 64 * MiB, $"a 2^32-page region with {touched.Length} pages touched grew the process by {grown / MiB} MiB");
    }

    [Fact]
    public void OptOnARegionOf2To32Pages_MatchesTheModel_WithoutAPerPageArray()
    {
        const long pages = 1L << 32;
        long[] far = [5, 1L << 31, pages - 1, 1L << 20];
        var trace = new List<PageReference>();
        foreach (int i in new[] { 0, 1, 2, 0, 3, 1, 0, 2, 3, 1, 2, 0 }) trace.Add(new PageReference(far[i], i % 2 == 0));
        AMediumRegionStaysSmall();
        long before = ResidentBytes();
        using var pager = new UserPager(new PagerOptions { Pages = pages, Frames = 2, Policy = PagerPolicy.Opt });
        var real = PagerReplay.Run(pager, PagerTestSupport.ToAccesses(trace));
        var model = TraceSimulator.Run("opt", 2, trace);
        Assert.Equal(model.Faults, real.Faults);
        Assert.Equal(model.Evictions, real.Evictions);
        Assert.Equal(model.SwapOuts, real.SwapOuts);
        Assert.True(ResidentBytes() - before < 64 * MiB, $"OPT's per-page next-use table grew the process by {(ResidentBytes() - before) / MiB} MiB");
    }

    /// <summary>A 2^24-page region first: a table written in full at creation (16 bytes a page) adds 256 MiB here, and
    /// the test stops before asking the machine for the 64 GiB a 2^32-page region would then take.</summary>
    private static void AMediumRegionStaysSmall()
    {
        long before = ResidentBytes();
        using var medium = new UserPager(new PagerOptions { Pages = 1L << 24, Frames = 2, Policy = PagerPolicy.Fifo });
        medium.Page((1L << 24) - 1)[0] = 1;
        long grown = ResidentBytes() - before;
        Assert.True(grown < 64 * MiB, $"a 2^24-page region with one page touched grew the process by {grown / MiB} MiB");
    }

    private static Span<ulong> Words(UserPager pager, long page) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(pager.Page(page));
}
