using MmapToolkit.Model.Kernel;
using static MmapToolkit.Model.Tests.Kernel.KernelFixtures;

namespace MmapToolkit.Model.Tests.Kernel;

/// <summary>The hit path allocates nothing but the result it returns, and range walks keep their page order.</summary>
public class AccessHotPathTests
{
    private static long SizeOfOneResult()
    {
        static AccessResult Make() => new(1, 0, AccessKind.Read, FaultCause.None, FaultResolution.None, false, 0, "x");
        Make();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = Make();
        long size = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(r);
        return size;
    }

    [Fact]
    public void A_hit_allocates_only_its_result_and_builds_its_sentence_on_demand()
    {
        var (p, at) = WithAnonymous(NewMachine(checkInvariants: false), 4);   // the check allocates
        WritePage(p, at, Pattern(1));
        for (int i = 0; i < 10; i++) p.Touch(at);
        const int hits = 200;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < hits; i++) p.Touch(at, i % 2 == 0 ? AccessKind.Read : AccessKind.Write);
        long perHit = (GC.GetAllocatedBytesForCurrentThread() - before) / hits;
        Assert.Equal(SizeOfOneResult(), perHit);

        var r = p.Touch(at);
        Assert.Equal((FaultCause.None, FaultResolution.None), (r.Cause, r.Resolution));
        string expected = $"read at 0x{at:x}: present in frame {r.Frame}, no fault";
        Assert.Equal(expected, r.Explanation);
        Assert.Equal(expected, r.ToString());
        Assert.Equal(r, p.Touch(at));   // one sentence built, one not yet: still equal
        Assert.Equal($"write at 0x{at:x}: present in frame {r.Frame}, no fault", p.Touch(at, AccessKind.Write).Explanation);
    }

    [Fact]
    public void A_read_over_present_pages_allocates_one_result_for_the_whole_read()
    {
        var (p, at) = WithAnonymous(NewMachine(checkInvariants: false), 4);   // the check allocates
        for (int i = 0; i < 4; i++) WritePage(p, at + i * PageSize, Pattern(i));
        var buffer = new byte[4 * PageSize];
        p.Read(at, buffer);
        long refs = p.Counters.References;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = p.Read(at, buffer);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(SizeOfOneResult(), allocated);
        Assert.Equal(refs + 4, p.Counters.References);
        Assert.Equal($"read at 0x{at + 3 * PageSize:x}: present in frame {p.FrameOf(at + 3 * PageSize)}, no fault", r.Explanation);
        Assert.Equal(Pattern(2), buffer.AsSpan(2 * PageSize, PageSize).ToArray());
    }

    [Fact]
    public void Mprotect_madvise_and_munmap_do_the_same_whether_they_walk_the_range_or_the_table()
    {
        // With a large page table (a second, fully touched mapping) each call below walks its range page by page;
        // without it the range is longer than the table, so the table is filtered instead. The pages end up the same.
        string[] PagesAfter(bool largeTable)
        {
            var m = NewMachine(frames: 64, zeroPage: false);
            var p = m.CreateProcess("p");
            long at = p.Mmap(0, 16L * PageSize, Protection.ReadWrite, MapFlags.Private | MapFlags.Anonymous);
            foreach (int i in new[] { 9, 2, 14, 5, 0, 11, 7 }) WritePage(p, at + i * PageSize, Pattern(i));
            if (largeTable)
            {
                long other = p.Mmap(0, 32L * PageSize, Protection.ReadWrite, MapFlags.Private | MapFlags.Anonymous);
                for (int i = 0; i < 32; i++) WritePage(p, other + i * PageSize, Pattern(i, 3));
            }
            Assert.Equal(largeTable, 16 <= p.Space.PageTable.Count);
            p.Mprotect(at, 16L * PageSize, Protection.Read);
            p.Madvise(at, 8L * PageSize, Advice.DontNeed);
            p.Munmap(at + 12L * PageSize, 4L * PageSize);
            return Enumerable.Range(0, 16).Select(i => p.Describe(at + i * PageSize))
                             .Select(d => $"{d.State} {d.Frame} {d.Writable} {d.Dirty} {d.Region?.Protection}").ToArray();
        }
        var walked = PagesAfter(largeTable: true);
        Assert.Equal(PagesAfter(largeTable: false), walked);
        Assert.Equal($"{PageState.Present} 5 False True {Protection.Read}", walked[11]);   // page 11 kept its frame, read-only now
        Assert.Equal($"{PageState.DemandZero} -1 False False {Protection.Read}", walked[2]);   // dropped by DONTNEED
        Assert.Equal($"{PageState.DemandZero} -1 False False ", walked[14]);                // unmapped
    }
}
