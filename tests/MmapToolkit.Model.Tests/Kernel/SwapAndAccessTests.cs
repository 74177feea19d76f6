using MmapToolkit.Model.Kernel;
using static MmapToolkit.Model.Tests.Kernel.KernelFixtures;

namespace MmapToolkit.Model.Tests.Kernel;

public class SwapAndAccessTests
{
    [Theory]
    [InlineData("fifo")]
    [InlineData("lru")]
    [InlineData("clock")]
    [InlineData("clock3")]
    [InlineData("random")]
    [InlineData("lfu")]
    [InlineData("mfu")]
    [InlineData("sieve")]
    [InlineData("arc")]
    [InlineData("2q")]
    [InlineData("s3fifo")]
    [InlineData("lru2")]
    [InlineData("lirs")]
    [InlineData("clockpro")]
    [InlineData("aging")]
    [InlineData("nru")]
    [InlineData("clock0")]
    public void With_fewer_frames_than_pages_every_byte_written_reads_back_after_swapping(string policy)
    {
        const int pages = 24;
        var m = NewMachine(frames: 5, policy: policy);
        var (p, a) = WithAnonymous(m, pages);
        var rng = new Random(3);
        var expected = new byte[pages][];
        for (int round = 0; round < 3; round++)
            foreach (int i in Enumerable.Range(0, pages).OrderBy(_ => rng.Next()))
            {
                expected[i] = Pattern(i, round);
                WritePage(p, a + (long)i * PageSize, expected[i]);
            }
        for (int i = 0; i < pages; i++) Assert.Equal(expected[i], ReadPage(p, a + (long)i * PageSize));
        Assert.True(m.Counters.SwapOuts > 0);
        Assert.True(m.Counters.SwapIns > 0);
        Assert.True(m.Memory.UsedFrames <= 5);
        Assert.Equal(m.Counters.Evictions, p.Counters.Evictions);
    }

    [Fact]
    public void Every_process_mapping_a_victim_loses_its_mapping()
    {
        var m = NewMachine(frames: 2, policy: "fifo");
        var (parent, a) = WithAnonymous(m, 3);
        WritePage(parent, a, Pattern(0));
        var child = parent.Fork();
        Assert.Equal(2, parent.ShareCount(a));
        WritePage(parent, a + PageSize, Pattern(1));
        WritePage(parent, a + 2 * PageSize, Pattern(2));   // evicts frame 0, shared by both
        Assert.Equal(PageState.Swapped, parent.Describe(a).State);
        Assert.Equal(PageState.Swapped, child.Describe(a).State);
        Assert.Equal(parent.Describe(a).SwapSlot, child.Describe(a).SwapSlot);
        Assert.Equal(2, m.Swap.RefCount(parent.Describe(a).SwapSlot));
        Assert.Equal(Pattern(0), ReadPage(child, a));
    }

    [Fact]
    public void Clean_pages_with_a_valid_swap_copy_are_dropped_without_writing()
    {
        var m = NewMachine(frames: 1, policy: "fifo");
        var (p, a) = WithAnonymous(m, 2);
        WritePage(p, a, Pattern(0));
        WritePage(p, a + PageSize, Pattern(1));       // swap-out 1
        ReadPage(p, a);                                // swap-out 2, swap-in 1
        ReadPage(p, a + PageSize);                     // page 0 is clean with a swap copy: dropped; swap-in 2
        ReadPage(p, a);                                // dropped again; swap-in 3
        Assert.Equal(2, m.Counters.SwapOuts);
        Assert.Equal(3, m.Counters.SwapIns);
        Assert.Equal(3, m.Counters.MajorFaults);
    }

    [Fact]
    public void Access_after_munmap_is_a_reported_segmentation_fault()
    {
        var m = NewMachine();
        var (p, a) = WithAnonymous(m, 4);
        WritePage(p, a, Pattern(0));
        p.Munmap(a, 2 * PageSize);
        var r = p.Touch(a);
        Assert.True(r.IsSegmentationFault);
        Assert.Equal(FaultCause.NotMapped, r.Cause);
        Assert.False(p.Write(a + PageSize, new byte[] { 1 }).Succeeded);
        Assert.Null(p.TryReadBytes(a, 10));
        Assert.True(p.Touch(a + 2 * PageSize).Succeeded);   // the rest stays mapped
        Assert.Equal(3, p.Counters.SegmentationFaults);
        Assert.Equal(0, m.Memory.UsedFrames);
        Assert.Contains(m.Events, e => e.Kind == "segv");
    }

    [Fact]
    public void Writes_to_read_only_pages_and_any_access_to_prot_none_are_reported()
    {
        var m = NewMachine();
        var (p, a) = WithAnonymous(m, 3);
        WritePage(p, a, Pattern(0));
        p.Mprotect(a, PageSize, Protection.Read);
        var w = p.Write(a, new byte[] { 1 });
        Assert.Equal((FaultCause.ProtectionViolation, FaultResolution.SegmentationFault), (w.Cause, w.Resolution));
        Assert.Equal(Pattern(0), ReadPage(p, a));        // reading is still allowed, and the write did not happen
        p.Mprotect(a + PageSize, PageSize, Protection.None);
        Assert.True(p.Touch(a + PageSize, AccessKind.Read).IsSegmentationFault);
        Assert.True(p.Touch(a + 2 * PageSize, AccessKind.Execute).IsSegmentationFault);
        p.Mprotect(a, PageSize, Protection.ReadWrite);
        Assert.True(p.Write(a, new byte[] { 1 }).Succeeded);
        Assert.Equal(3, p.Space.Regions.Count);
    }

    [Fact]
    public void Mprotect_of_an_unmapped_range_is_enomem()
    {
        var m = NewMachine();
        var (p, a) = WithAnonymous(m, 1);
        Assert.Equal(ModelErrno.ENOMEM, Assert.Throws<ModelSyscallException>(() => p.Mprotect(a, 2 * PageSize, Protection.Read)).Errno);
        Assert.Equal(ModelErrno.EINVAL, Assert.Throws<ModelSyscallException>(() => p.Mprotect(a + 1, PageSize, Protection.Read)).Errno);
    }

    [Fact]
    public void Every_fault_is_logged_with_cause_and_resolution()
    {
        var m = NewMachine();
        var (p, a) = WithAnonymous(m, 1);
        p.Touch(a);
        p.Touch(a, AccessKind.Write);
        Assert.Collection(m.Events.Where(e => e.Kind == "fault"),
            e => Assert.Contains("zero page", e.Text),
            e => Assert.Contains("zeroed frame", e.Text));
    }
}
