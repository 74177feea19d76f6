using MmapToolkit.Processes;
using MmapToolkit.Linux.Tests.Observers;

namespace MmapToolkit.Linux.Tests.Processes;

[Collection(KernelCountersCollection.Name)]
public class CopyOnWriteExperimentTests
{
    [Fact]
    public void EveryRunCountsExactlyOneParentFaultPerPageAndOneChildFaultPerWrite()
    {
        // 9,000 child writes cross the agent's 8,192-address message: the count stays exact across the split.
        const int pages = 10_000, writes = 9_000;
        for (int run = 0; run < 4; run++)
        {
            var r = CopyOnWriteExperiment.Run(pages, writes);

            Assert.Equal(pages, r.ParentMinorFaults);
            Assert.Equal(0, r.ParentMajorFaults);
            Assert.Equal(writes, r.ChildMinorFaults);
            Assert.Equal(0, r.ChildMajorFaults);
        }
    }

    [Theory]
    [InlineData(64, 10)]
    [InlineData(20, 0)]
    [InlineData(30, 30)]
    public void TheChildsWritesCopyExactlyThosePagesAndTheChildIsReaped(int pages, int writes)
    {
        var r = CopyOnWriteExperiment.Run(pages, writes);

        Assert.Equal(pages, r.Pages);
        Assert.Equal(writes, r.ChildWrites);
        Assert.Equal(Environment.SystemPageSize, r.PageSize);
        Assert.True(r.ForkTime > TimeSpan.Zero);
        Assert.NotEqual(Environment.ProcessId, r.ChildPid);
        Assert.Equal(0, r.ChildExit.ExitCode);
        Assert.False(r.ChildExit.KilledAfterTimeout);
        Assert.False(Directory.Exists($"/proc/{r.ChildPid}"), $"child {r.ChildPid} left behind");
        if (Privileges.SeesFrames)
        {
            Assert.Null(r.FrameFiguresUnavailableReason);
            Assert.Equal(pages, r.SharedBefore);
            Assert.Equal(pages - writes, r.SharedAfter);
            Assert.Equal(writes, r.ChildNewFrames);
        }
        else
        {
            Assert.Null(r.SharedBefore);
            Assert.Null(r.SharedAfter);
            Assert.Null(r.ChildNewFrames);
            Assert.Contains("needs root", r.FrameFiguresUnavailableReason);
        }
    }

    [Fact]
    public void BadArgumentsAreRejectedBeforeAnythingIsMappedOrForked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CopyOnWriteExperiment.Run(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CopyOnWriteExperiment.Run(CopyOnWriteExperiment.MaxPages + 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CopyOnWriteExperiment.Run(10, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CopyOnWriteExperiment.Run(10, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => CopyOnWriteExperiment.Run(10, 1, TimeSpan.Zero));
    }
}
