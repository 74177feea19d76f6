using MmapToolkit.Model.Kernel;
using static MmapToolkit.Model.Tests.Kernel.KernelFixtures;

namespace MmapToolkit.Model.Tests.Kernel;

public class ForkTests
{
    [Fact]
    public void Share_count_goes_1_2_3_and_a_write_copies_only_while_it_is_above_1()
    {
        var m = NewMachine();
        var (parent, a) = WithAnonymous(m, 1);
        WritePage(parent, a, Pattern(0));
        Assert.Equal(1, parent.ShareCount(a));
        var child1 = parent.Fork();
        Assert.Equal(2, parent.ShareCount(a));
        var child2 = parent.Fork();
        Assert.Equal(3, parent.ShareCount(a));
        int shared = parent.FrameOf(a)!.Value;
        Assert.Equal(shared, child1.FrameOf(a));
        Assert.Equal(shared, child2.FrameOf(a));
        Assert.True(parent.Describe(a).CopyOnWrite);
        Assert.False(parent.Describe(a).Writable);

        var r1 = child1.Write(a, new byte[] { 1 });
        Assert.Equal(FaultResolution.Copied, r1.Resolution);
        Assert.NotEqual(shared, child1.FrameOf(a));
        Assert.Equal(2, parent.ShareCount(a));

        var r2 = child2.Write(a, new byte[] { 2 });
        Assert.Equal(FaultResolution.Copied, r2.Resolution);
        Assert.Equal(1, parent.ShareCount(a));

        // The parent is the last sharer: no copy, the same frame becomes writable again.
        var r3 = parent.Write(a, new byte[] { 3 });
        Assert.Equal(FaultResolution.Reused, r3.Resolution);
        Assert.Equal(shared, parent.FrameOf(a));
        Assert.Equal((2, 1), (m.Counters.CowCopies, m.Counters.CowReuses));
        Assert.Equal(new byte[] { 1, 2, 3 }, new[] { child1, child2, parent }.Select(p => ReadPage(p, a)[0]).ToArray());
        Assert.Equal(Pattern(0)[1..], ReadPage(child1, a)[1..]);
        // A second write by the parent is no fault at all.
        Assert.False(parent.Write(a, new byte[] { 4 }).IsFault);
    }

    [Fact]
    public void Cow_fork_copies_nothing_up_front()
    {
        var m = NewMachine();
        var (parent, a) = WithAnonymous(m, 8);
        for (int i = 0; i < 8; i++) WritePage(parent, a + i * PageSize, Pattern(i));
        int used = m.Memory.UsedFrames;
        var child = parent.Fork();
        Assert.Equal(used, m.Memory.UsedFrames);
        Assert.Equal(0, m.Counters.ForkCopies);
        for (int i = 0; i < 8; i++) Assert.Equal(Pattern(i), ReadPage(child, a + i * PageSize));
        Assert.Equal(used, m.Memory.UsedFrames);
    }

    [Fact]
    public void Eager_fork_copies_every_present_page()
    {
        var m = NewMachine();
        var (parent, a) = WithAnonymous(m, 8);
        for (int i = 0; i < 5; i++) WritePage(parent, a + i * PageSize, Pattern(i));
        int used = m.Memory.UsedFrames;
        var child = parent.Fork(ForkStrategy.EagerCopy);
        Assert.Equal(5, child.Counters.ForkCopies);
        Assert.Equal(used + 5, m.Memory.UsedFrames);
        for (int i = 0; i < 5; i++)
        {
            Assert.NotEqual(parent.FrameOf(a + i * PageSize), child.FrameOf(a + i * PageSize));
            Assert.Equal(1, child.ShareCount(a + i * PageSize));
            Assert.Equal(Pattern(i), ReadPage(child, a + i * PageSize));
        }
        // The child's writes are plain hits: its pages are already its own.
        Assert.False(child.Write(a, new byte[] { 9 }).IsFault);
        Assert.Equal(Pattern(0)[0], ReadPage(parent, a)[0]);
    }

    [Theory]
    [InlineData(ForkStrategy.CopyOnWrite, false)]
    [InlineData(ForkStrategy.EagerCopy, false)]
    [InlineData(ForkStrategy.LazyCopyWithoutWriteProtection, true)]
    public void Only_the_broken_lazy_fork_lets_the_child_see_the_parents_later_write(ForkStrategy strategy, bool childSeesIt)
    {
        var m = NewMachine();
        var (parent, a) = WithAnonymous(m, 2);
        WritePage(parent, a, Pattern(0));
        var child = parent.Fork(strategy);
        // The parent keeps running after fork and writes its page.
        Assert.True(parent.Write(a, "after fork"u8).Succeeded);
        var seen = ReadPage(child, a);
        Assert.Equal(childSeesIt, seen.AsSpan(0, 10).SequenceEqual("after fork"u8));
        if (strategy == ForkStrategy.LazyCopyWithoutWriteProtection)
        {
            // Why: the parent's page was never write-protected, so its write after fork was no fault at all
            // (its only fault is the first write, before fork).
            Assert.Equal(1, parent.Counters.Faults);
            Assert.Contains(m.Events, e => e.Pid == child.Pid && e.Text.Contains("lazily copied child"));
        }
        else
        {
            Assert.Equal(Pattern(0), seen);
        }
    }

    [Fact]
    public void A_swapped_page_shared_after_fork_comes_back_through_the_swap_cache_and_copies_on_write()
    {
        var m = NewMachine(frames: 2, policy: "fifo");
        var (parent, a) = WithAnonymous(m, 4);
        for (int i = 0; i < 4; i++) WritePage(parent, a + i * PageSize, Pattern(i));
        Assert.Equal(PageState.Swapped, parent.Describe(a).State);
        var child = parent.Fork();
        Assert.Equal(Pattern(0), ReadPage(child, a));
        Assert.Equal(Pattern(0), ReadPage(parent, a));
        Assert.Equal(parent.FrameOf(a), child.FrameOf(a));
        Assert.True(child.Write(a, new byte[] { 0xEE }).Succeeded);
        Assert.Equal(Pattern(0), ReadPage(parent, a));
        Assert.Equal(0xEE, ReadPage(child, a)[0]);
    }
}
