using MmapToolkit.Agents;
using MmapToolkit.Observers;

namespace MmapToolkit.Linux.Tests.Observers;

[Collection(KernelCountersCollection.Name)]
public class FaultCountersTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(300)]
    public void WritingFreshAnonymousPagesCostsOneMinorFaultEach(int k)
    {
        PageTouch.WarmUp();
        long major = 0;
        long minor = PageTouch.Fewest(() =>
        {
            using var m = PageTouch.FreshPages(k + 8);
            var span = m.Span;
            var before = FaultCounters.Thread();
            PageTouch.Write(span, m.PageSize, 0, k, 7);
            var delta = FaultCounters.Thread() - before;
            major += delta.Major;
            return delta.Minor;
        });

        Assert.Equal(k, minor);
        Assert.Equal(0, major);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void ReadingThenWritingCostsWhatTheKernelProfileSays(int k)
    {
        // With the zero page the read maps it and the write copies it: 2k faults. Without, the read gets a frame: k.
        bool zeroPage = MmapToolkit.Profile.KernelProfile.Current.ZeroPageOnRead;
        PageTouch.WarmUp();
        int sum = 0;
        long readFaults = long.MaxValue;
        long total = PageTouch.Fewest(() =>
        {
            using var m = PageTouch.FreshPages(k);
            var span = m.Span;
            var before = FaultCounters.Thread();
            sum += PageTouch.Read(span, m.PageSize, 0, k);   // maps the shared zero page, or a zeroed frame
            var afterRead = FaultCounters.Thread();
            PageTouch.Write(span, m.PageSize, 0, k, 9);      // copies the zero page into a frame, or nothing
            var afterWrite = FaultCounters.Thread();
            readFaults = Math.Min(readFaults, (afterRead - before).Minor);
            return (afterWrite - before).Minor;
        });

        Assert.Equal(0, sum);
        Assert.Equal(k, readFaults);
        Assert.Equal(zeroPage ? 2 * k : k, total);
    }

    [Fact]
    public void RewritingPresentPagesCostsNoFault()
    {
        PageTouch.WarmUp();
        using var m = PageTouch.FreshPages(32);
        PageTouch.Write(m.Span, m.PageSize, 0, 32, 1);

        long faults = PageTouch.Fewest(() =>
        {
            var before = FaultCounters.Thread();
            PageTouch.Write(m.Span, m.PageSize, 0, 32, 2);
            return (FaultCounters.Thread() - before).Minor;
        });
        Assert.Equal(0, faults);
    }

    [Fact]
    public void ProcessCountersIncludeTheThreadsFaults()
    {
        PageTouch.WarmUp();
        bool processCoversThread = true;
        long threadMinor = PageTouch.Fewest(() =>
        {
            using var m = PageTouch.FreshPages(50);
            // The process's window encloses the thread's, so every fault the thread counts, the process counts too.
            var process0 = FaultCounters.Process();
            var thread0 = FaultCounters.Thread();
            PageTouch.Write(m.Span, m.PageSize, 0, 50, 1);
            var thread = FaultCounters.Thread() - thread0;
            var process = FaultCounters.Process() - process0;
            processCoversThread &= process.Minor >= thread.Minor;
            return thread.Minor;
        });

        Assert.Equal(50, threadMinor);
        Assert.True(processCoversThread, "RUSAGE_SELF counted fewer faults than RUSAGE_THREAD over the same window");
    }

    [Fact]
    public void ChildrenCountersIncludeAReapedChildsFaults()
    {
        const int k = 40;
        using var m = PageTouch.FreshPages(k);
        PageTouch.Write(m.Span, m.PageSize, 0, k, 1);

        var before = FaultCounters.Children();
        TouchResult writes;
        using (var child = ChildAgent.Spawn())
        {
            writes = child.Touch(Enumerable.Range(0, k).Select(i => m.Address + (nint)i * m.PageSize).ToArray(), write: true);
            child.Exit();
            Assert.Equal(0, child.ExitStatus!.ExitCode);
        }
        var delta = FaultCounters.Children() - before;

        Assert.Equal(k, writes.MinorFaults);
        Assert.True(delta.Minor >= k, $"RUSAGE_CHILDREN grew by {delta.Minor} minor faults, the child alone took {k}");
    }
}
