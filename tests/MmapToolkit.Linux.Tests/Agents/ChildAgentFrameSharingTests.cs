using MmapToolkit.Agents;
using MmapToolkit.Observers;
using MmapToolkit.Linux.Tests.Observers;
using static MmapToolkit.Linux.Tests.Agents.AgentTestSupport;

namespace MmapToolkit.Linux.Tests.Agents;

/// <summary>
/// What fork shares, seen from the parent: a child agent waits between commands, so the parent reads its
/// /proc/PID/pagemap (and, as root, /proc/kpagecount) right after fork, and again after each step.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public class ChildAgentFrameSharingTests
{
    [Fact]
    public void AfterForkAnUntouchedPageIsSharedByBothProcessesAndExclusiveInNeither()
    {
        using var m = WrittenPages(4, 0x11);
        using var self = PageMap.OfSelf();
        Assert.True(self.Read(m.Address).IsExclusive);

        using var child = ChildAgent.Spawn();
        using (var childMap = PageMap.Open(child.Pid))
        {
            var inParent = self.Read(m.Address);
            var inChild = childMap.Read(m.Address);

            Assert.True(inChild.IsPresent);
            Assert.False(inParent.IsExclusive);
            Assert.False(inChild.IsExclusive);
            if (Privileges.SeesFrames)
            {
                Assert.Equal(inParent.Pfn, inChild.Pfn);
                Assert.Equal(2, PhysicalPages.ShareCount(inParent));
                Assert.Equal(2, PhysicalPages.ShareCount(inChild));
            }
            else
            {
                Assert.Null(inChild.Pfn);
                Assert.Throws<RootRequiredException>(() => PhysicalPages.ShareCount(inParent));
            }
        }

        child.Exit();
        Assert.Equal(0, child.ExitStatus!.ExitCode);
        if (Privileges.SeesFrames) Assert.Equal(1, PhysicalPages.ShareCount(self.Read(m.Address)));
        Assert.True(self.Read(m.Address).IsExclusive);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(200)]
    public void AChildsWriteToKPagesCostsItKMinorFaultsAndGivesItNewFrames(int k)
    {
        int n = k + 16;
        using var m = WrittenPages(n, 0x11);
        using var self = PageMap.OfSelf();
        var parentFrames = self.Read(m.Address, n);
        using var child = ChildAgent.Spawn();
        using var childMap = PageMap.Open(child.Pid);
        var before = childMap.Read(m.Address, n);

        var writes = child.Touch(Pages(m, 0, k), write: true, 0x22);
        var after = childMap.Read(m.Address, n);

        Assert.Null(writes.Fault);
        Assert.Equal(k, writes.MinorFaults);
        Assert.Equal(0, writes.MajorFaults);
        Assert.Equal(k, writes.Completed);
        Assert.All(after.Take(k), e => Assert.True(e.IsExclusive));
        Assert.All(after.Skip(k), e => Assert.False(e.IsExclusive));
        if (Privileges.SeesFrames)
        {
            for (int i = 0; i < k; i++)
            {
                Assert.Equal(parentFrames[i].Pfn, before[i].Pfn);
                Assert.NotEqual(before[i].Pfn, after[i].Pfn);
                Assert.Equal(1, PhysicalPages.ShareCount(self.Read(m.Address + i * m.PageSize)));
            }
            for (int i = k; i < n; i++) Assert.Equal(before[i].Pfn, after[i].Pfn);
            Assert.Equal(2, PhysicalPages.ShareCount(self.Read(m.Address + k * m.PageSize)));
        }
        else
        {
            Assert.All(after, e => Assert.Null(e.Pfn));
        }
        Assert.All(Enumerable.Range(0, k), i => Assert.Equal(0x11, m.Span[i * m.PageSize]));   // the parent's copy is untouched
    }

    [Fact]
    public void TwoChildrenAliveAtOnceMakeTheShareCountThree()
    {
        using var m = WrittenPages(2, 0x11);
        using var self = PageMap.OfSelf();

        using var first = ChildAgent.Spawn();
        using var second = ChildAgent.Spawn();
        var entry = self.Read(m.Address);

        Assert.False(entry.IsExclusive);
        if (Privileges.SeesFrames)
        {
            Assert.Equal(3, PhysicalPages.ShareCount(entry));
            using var secondMap = PageMap.Open(second.Pid);
            Assert.Equal(entry.Pfn, secondMap.Read(m.Address).Pfn);
        }
        else
        {
            Assert.Throws<RootRequiredException>(() => PhysicalPages.ShareCount(entry));
        }

        first.Exit();
        Assert.Equal(0, first.ExitStatus!.ExitCode);
        if (Privileges.SeesFrames) Assert.Equal(2, PhysicalPages.ShareCount(self.Read(m.Address)));
        second.Exit();
        Assert.Equal(0, second.ExitStatus!.ExitCode);
    }

    [Fact]
    public void AGrandchildSharesTooAndPaysForItsOwnWrites()
    {
        const int k = 5;
        using var m = WrittenPages(8, 0x11);
        using var self = PageMap.OfSelf();
        using var child = ChildAgent.Spawn();
        using var grandchild = child.Fork();
        using var grandchildMap = PageMap.Open(grandchild.Pid);
        var before = grandchildMap.Read(m.Address, k);

        var writes = grandchild.Touch(Pages(m, 0, k), write: true, 0x33);
        var after = grandchildMap.Read(m.Address, k);
        var childReads = child.Touch(Pages(m, 0, 8), write: false);

        Assert.Equal(child.Pid, ParentOf(grandchild.Pid));
        Assert.Equal(k, writes.MinorFaults);
        Assert.Equal(0, childReads.MinorFaults);                 // the child pays nothing for its child's copies
        Assert.Equal(8 * 0x11, childReads.ByteSum);
        if (Privileges.SeesFrames)
        {
            Assert.Equal(3, PhysicalPages.ShareCount(self.Read(m.Address + k * m.PageSize)));   // parent, child, grandchild
            Assert.Equal(2, PhysicalPages.ShareCount(self.Read(m.Address)));                    // the grandchild copied it
            Assert.All(Enumerable.Range(0, k), i => Assert.NotEqual(before[i].Pfn, after[i].Pfn));
        }

        int grandchildPid = grandchild.Pid;
        child.Exit();
        Assert.Equal(0, child.ExitStatus!.ExitCode);
        Assert.True(IsGone(grandchildPid), $"grandchild {grandchildPid} left behind");
    }

    [Fact]
    public void AnIdleChildDoesNothingUntilToldSoTheParentCanLookFirst()
    {
        using var m = WrittenPages(3, 0x11);
        using var self = PageMap.OfSelf();
        using var child = ChildAgent.Spawn();
        using var childMap = PageMap.Open(child.Pid);

        Assert.Equal(child.Pid, child.Ping());
        Assert.False(childMap.Read(m.Address).IsExclusive);
        if (Privileges.SeesFrames) Assert.Equal(2, PhysicalPages.ShareCount(self.Read(m.Address)));

        Assert.Equal(1, child.Touch(Pages(m, [0]), write: true, 0x22).MinorFaults);
        Assert.True(childMap.Read(m.Address).IsExclusive);
        if (Privileges.SeesFrames) Assert.Equal(1, PhysicalPages.ShareCount(self.Read(m.Address)));
    }
}
