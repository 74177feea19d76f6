using MmapToolkit.Agents;
using MmapToolkit.Mapping;
using MmapToolkit.Linux.Tests.Observers;
using static MmapToolkit.Linux.Tests.Agents.AgentTestSupport;

namespace MmapToolkit.Linux.Tests.Agents;

[Collection(KernelCountersCollection.Name)]
public class ChildAgentCopyOnWriteTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public void AChildsWriteToKTouchedPagesCostsItKMinorFaultsThenNoneAndTheParentKeepsItsValues(int k)
    {
        int n = k + 16;
        using var m = WrittenPages(n, 0x11);
        using var child = ChildAgent.Spawn();

        var first = child.Touch(Pages(m, 0, k), write: true, 0x22);
        var second = child.Touch(Pages(m, 0, k), write: true, 0x33);

        Assert.Null(first.Fault);
        Assert.Equal(k, first.Completed);
        Assert.Equal(k, first.MinorFaults);
        Assert.Equal(0, first.MajorFaults);
        Assert.Equal(0, second.MinorFaults);
        Assert.Equal(n * 0x11, PageTouch.Read(m.Span, m.PageSize, 0, n));
        var childView = child.Touch(Pages(m, 0, n), write: false);
        Assert.Equal(k * 0x33 + (n - k) * 0x11, childView.ByteSum);
        Assert.Equal(0, childView.MinorFaults);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void LocalTouchOfKFreshPagesCostsTheParentKMinorFaults(int k)
    {
        using var m = PageTouch.FreshPages(k);
        var addresses = Pages(m, 0, k);

        var first = LocalTouch.Touch(addresses, write: true, 5);
        var again = LocalTouch.Touch(addresses, write: false);

        Assert.Equal(k, first.MinorFaults);
        Assert.Equal(k, first.Completed);
        Assert.Equal(0, again.MinorFaults);
        Assert.Equal(k * 5, again.ByteSum);
        Assert.Equal(k * 5, PageTouch.Read(m.Span, m.PageSize, 0, k));
    }

    [Fact]
    public void AChildsFreshPagesCostItOneMinorFaultEachLikeTheParents()
    {
        const int k = 20;
        using var child = ChildAgent.Spawn();
        long length = (long)k * Environment.SystemPageSize;
        nint at = child.MapAnonymous(length, Protection.ReadWrite);
        child.Advise(at, length, Advice.NoHugePage);
        var addresses = Enumerable.Range(0, k).Select(i => at + (nint)i * Environment.SystemPageSize).ToArray();

        Assert.Equal(k, child.Touch(addresses, write: true, 9).MinorFaults);
        Assert.Equal(k * 9, child.Touch(addresses, write: false).ByteSum);
        child.Unmap(at, length);
    }

    [Fact]
    public void MadviseDontNeedInTheChildZeroesOnlyTheChildsView()
    {
        const int n = 8;
        using var m = WrittenPages(n, 0x11);
        using var child = ChildAgent.Spawn();

        child.Advise(m.Address, m.Length, Advice.DontNeed);

        Assert.Equal(0, child.Touch(Pages(m, 0, n), write: false).ByteSum);
        Assert.Equal(n * 0x11, PageTouch.Read(m.Span, m.PageSize, 0, n));
    }

    [Fact]
    public void ALongAddressListIsTouchedInFullAndAFaultDeepInItIsReportedAtItsIndex()
    {
        using var m = WrittenPages(2, 3);
        using var child = ChildAgent.Spawn();
        var addresses = Enumerable.Range(0, 20000).Select(i => m.Address + (nint)(i % 2) * m.PageSize).ToArray();

        var all = child.Touch(addresses, write: false);
        Assert.Equal(20000, all.Completed);
        Assert.Equal(20000 * 3, all.ByteSum);
        Assert.Null(all.Fault);

        // Past the first message's 8192 addresses: the index counts from the start of the whole list.
        child.Unmap(m.Address + m.PageSize, m.PageSize);
        var addressesWithOneBad = Enumerable.Repeat(m.Address, 20000).ToArray();
        addressesWithOneBad[8500] = m.Address + m.PageSize;
        var stopped = child.Touch(addressesWithOneBad, write: false);
        Assert.NotNull(stopped.Fault);
        Assert.Equal(8500, stopped.Fault.Index);
        Assert.Equal(8500, stopped.Completed);
        Assert.Equal(8500 * 3, stopped.ByteSum);
    }
}
