using MmapToolkit.Mapping;
using MmapToolkit.Observers;
using MmapToolkit.Processes;
using MmapToolkit.Tests.Observers;

namespace MmapToolkit.Tests.Processes;

[Collection(KernelCountersCollection.Name)]
public class ForkProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static MemoryMapping WrittenPages(int pages)
    {
        var m = PageTouch.FreshPages(pages);
        PageTouch.Write(m.Span, m.PageSize, 0, pages, 0x11);
        return m;
    }

    [Fact]
    public void AfterForkAnUntouchedPageIsSharedByBothProcessesAndExclusiveInNeither()
    {
        using var m = WrittenPages(4);
        using var self = PageMap.OfSelf();
        var parentBefore = self.Read(m.Address);
        Assert.True(parentBefore.IsExclusive);

        using var probe = ForkProbe.Start(new ChildWorkload().Watch(m).HoldUntilReleased());
        var report = probe.AwaitReport(Timeout);
        using var childMap = PageMap.Open(probe.ChildPid);   // the live, held child
        var inParent = self.Read(m.Address);
        var inChild = childMap.Read(m.Address);

        Assert.False(inParent.IsExclusive);
        Assert.False(inChild.IsExclusive);
        Assert.False(report.Pages[0].After.IsExclusive);
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

        probe.Release();
        Assert.Equal(0, probe.WaitForExit(Timeout).ExitCode);
        if (Privileges.SeesFrames) Assert.Equal(1, PhysicalPages.ShareCount(self.Read(m.Address)));
        Assert.True(self.Read(m.Address).IsExclusive);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(200)]
    public void AChildsWriteToKPagesCostsItKMinorFaultsAndGivesItNewFrames(int k)
    {
        using var m = WrittenPages(k + 16);
        using var self = PageMap.OfSelf();
        var parentFrames = self.Read(m.Address, m.PageCount);

        using var probe = ForkProbe.Start(new ChildWorkload()
            .Write(m, Enumerable.Range(0, k), 0x22)
            .Watch(m)
            .HoldUntilReleased());
        var report = probe.AwaitReport(Timeout);

        Assert.Equal(k, report.MinorFaults);
        Assert.Equal(0, report.MajorFaults);
        Assert.Equal(k, report.Touches);
        Assert.Equal(probe.ChildPid, report.Pid);
        var written = report.Pages.Take(k).ToList();
        var untouched = report.Pages.Skip(k).ToList();
        Assert.All(written, p => Assert.True(p.After.IsExclusive));
        Assert.All(untouched, p => Assert.False(p.After.IsExclusive));
        Assert.Equal(m.PageSize, (int)(report.Pages[1].Address - report.Pages[0].Address));
        if (Privileges.SeesFrames)
        {
            Assert.All(written, p => Assert.True(p.GotNewFrame));
            Assert.All(untouched, p => Assert.False(p.GotNewFrame));
            for (int i = 0; i < k; i++)
            {
                Assert.Equal(parentFrames[i].Pfn, written[i].Before.Pfn);
                Assert.NotEqual(parentFrames[i].Pfn, written[i].After.Pfn);
                Assert.Equal(1, PhysicalPages.ShareCount(self.Read(m.Address + i * m.PageSize)));
            }
            Assert.Equal(2, PhysicalPages.ShareCount(self.Read(m.Address + k * m.PageSize)));
        }
        else
        {
            Assert.All(report.Pages, p => Assert.Null(p.GotNewFrame));
        }
        Assert.All(Enumerable.Range(0, k), i => Assert.Equal(0x11, m.Span[i * m.PageSize]));   // the parent's copy is untouched
    }

    [Fact]
    public void TwoChildrenAliveAtOnceMakeTheShareCountThree()
    {
        using var m = WrittenPages(2);
        using var self = PageMap.OfSelf();
        var hold = () => new ChildWorkload().Watch(m).HoldUntilReleased();

        using var first = ForkProbe.Start(hold());
        first.AwaitReport(Timeout);
        using var second = ForkProbe.Start(hold());
        second.AwaitReport(Timeout);
        var entry = self.Read(m.Address);

        Assert.False(entry.IsExclusive);
        if (Privileges.SeesFrames)
        {
            Assert.Equal(3, PhysicalPages.ShareCount(entry));
            using var secondMap = PageMap.Open(second.ChildPid);
            Assert.Equal(entry.Pfn, secondMap.Read(m.Address).Pfn);
        }
        else
        {
            Assert.Throws<RootRequiredException>(() => PhysicalPages.ShareCount(entry));
        }

        first.Release();
        Assert.Equal(0, first.WaitForExit(Timeout).ExitCode);
        if (Privileges.SeesFrames) Assert.Equal(2, PhysicalPages.ShareCount(self.Read(m.Address)));
        second.Release();
        Assert.Equal(0, second.WaitForExit(Timeout).ExitCode);
    }

    [Fact]
    public void AGrandchildSharesTooAndPaysForItsOwnWrites()
    {
        const int k = 5;
        using var m = WrittenPages(8);
        using var self = PageMap.OfSelf();

        using var probe = ForkProbe.Start(new ChildWorkload().Watch(m).HoldUntilReleased()
            .ThenFork(new ChildWorkload().Write(m, Enumerable.Range(0, k)).Watch(m).HoldUntilReleased()));
        var child = probe.AwaitReport(Timeout);
        var grandchild = probe.AwaitGrandchildReport(Timeout);

        Assert.NotNull(child.GrandchildPid);
        Assert.Equal(child.GrandchildPid, grandchild.Pid);
        Assert.NotEqual(child.Pid, grandchild.Pid);
        Assert.Equal(k, grandchild.MinorFaults);
        Assert.Equal(0, child.MinorFaults);
        Assert.Equal(probe.ChildPid.ToString(), ParentOf(grandchild.Pid));
        if (Privileges.SeesFrames)
        {
            Assert.Equal(3, PhysicalPages.ShareCount(self.Read(m.Address + k * m.PageSize)));   // parent, child, grandchild
            Assert.Equal(2, PhysicalPages.ShareCount(self.Read(m.Address)));                    // the grandchild copied it
            Assert.All(grandchild.Pages.Take(k), p => Assert.True(p.GotNewFrame));
        }

        probe.Release();
        Assert.Equal(0, probe.WaitForExit(Timeout).ExitCode);
        Assert.False(Directory.Exists($"/proc/{grandchild.Pid}"));
    }

    [Fact]
    public void AGatedChildWaitsSoTheParentCanLookFirst()
    {
        using var m = WrittenPages(3);
        using var self = PageMap.OfSelf();
        using var probe = ForkProbe.Start(new ChildWorkload().WaitForGo().Write(m, [0]).HoldUntilReleased());

        Assert.Throws<TimeoutException>(() => probe.AwaitReport(TimeSpan.FromMilliseconds(50)));
        if (Privileges.SeesFrames) Assert.Equal(2, PhysicalPages.ShareCount(self.Read(m.Address)));
        probe.Go();
        Assert.Equal(1, probe.AwaitReport(Timeout).MinorFaults);
        if (Privileges.SeesFrames) Assert.Equal(1, PhysicalPages.ShareCount(self.Read(m.Address)));
    }

    [Fact]
    public void AChildThatOverrunsItsTimeoutIsKilledAndReaped()
    {
        var probe = ForkProbe.Start(new ChildWorkload().HoldUntilReleased());   // never released: it would wait forever
        int pid = probe.ChildPid;
        try
        {
            Assert.True(Directory.Exists($"/proc/{pid}"));
            var exit = probe.WaitForExit(TimeSpan.FromMilliseconds(100));

            Assert.True(exit.KilledAfterTimeout);
            Assert.Equal(9, exit.Signal);
            Assert.Null(exit.ExitCode);
            Assert.False(Directory.Exists($"/proc/{pid}"), $"child {pid} is still in /proc (a zombie?)");
        }
        finally
        {
            probe.Dispose();
        }
    }

    [Fact]
    public void AnOverrunningChildWithAGrandchildLeavesNeitherBehind()
    {
        using var probe = ForkProbe.Start(new ChildWorkload().HoldUntilReleased().ThenFork(new ChildWorkload().HoldUntilReleased()));
        int grandchild = probe.AwaitGrandchildReport(Timeout).Pid;
        probe.WaitForExit(TimeSpan.FromMilliseconds(100));

        Assert.False(Directory.Exists($"/proc/{probe.ChildPid}"));
        Assert.False(Directory.Exists($"/proc/{grandchild}"), $"grandchild {grandchild} left behind");
    }

    [Fact]
    public void DisposingAHeldChildReleasesAndReapsIt()
    {
        var probe = ForkProbe.Start(new ChildWorkload().HoldUntilReleased());
        int pid = probe.ChildPid;
        probe.AwaitReport(Timeout);
        probe.Dispose();
        probe.Dispose();

        Assert.False(Directory.Exists($"/proc/{pid}"));
        Assert.Throws<ObjectDisposedException>(() => probe.Release());
    }

    [Fact]
    public void ForkTimeIsMeasured()
    {
        using var probe = ForkProbe.Start(new ChildWorkload());
        Assert.True(probe.ForkTime > TimeSpan.Zero);
        probe.AwaitReport(Timeout);
        Assert.Equal(0, probe.WaitForExit(Timeout).ExitCode);
    }

    [Fact]
    public void AChildTouchingAnInaccessiblePageDiesAndTheReportSaysWhy()
    {
        using var m = WrittenPages(1);
        m.Protect(Protection.None);
        using var probe = ForkProbe.Start(new ChildWorkload().Read(m, [0]));

        var e = Assert.Throws<InvalidOperationException>(() => probe.AwaitReport(Timeout));
        Assert.Contains("signal 11", e.Message);
        Assert.Equal(11, probe.WaitForExit(Timeout).Signal);
    }

    [Fact]
    public void WorkloadsRejectPagesOutsideTheirRegion()
    {
        using var m = WrittenPages(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChildWorkload().Write(m, [2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChildWorkload().Read(m, [-1]));
        Assert.Throws<ArgumentException>(() => new MemoryRegion(m.Address + 1, 10));
        Assert.Throws<ArgumentException>(() => new ChildWorkload().ThenFork(new ChildWorkload().WaitForGo()));
        using var probe = ForkProbe.Start(new ChildWorkload());
        Assert.Throws<InvalidOperationException>(() => probe.Go());
        Assert.Throws<InvalidOperationException>(() => probe.AwaitGrandchildReport());
    }

    private static string ParentOf(int pid) =>
        File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("PPid:"))["PPid:".Length..].Trim();
}
