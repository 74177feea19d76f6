using MmapToolkit.Agents;
using MmapToolkit.Mapping;
using MmapToolkit.Linux.Tests.Observers;
using static MmapToolkit.Linux.Tests.Agents.AgentTestSupport;

namespace MmapToolkit.Linux.Tests.Agents;

[Collection(KernelCountersCollection.Name)]
public class ChildAgentFaultTests
{
    [Fact]
    public void TouchingAnAddressUnmappedInTheChildReportsSegvMapErrAndTheAgentKeepsServing()
    {
        using var m = WrittenPages(4, 0x11);
        using var child = ChildAgent.Spawn();
        nint page1 = m.Address + m.PageSize;
        child.Unmap(page1, m.PageSize);

        var r = child.Touch(Pages(m, 0, 3), write: false);

        Assert.NotNull(r.Fault);
        Assert.Equal(FaultSignal.SIGSEGV, r.Fault.Signal);
        Assert.Equal(FaultSignal.SEGV_MAPERR, r.Fault.Code);
        Assert.True(r.Fault.IsUnmapped);
        Assert.Equal("SEGV_MAPERR", r.Fault.CodeName);
        Assert.Equal(1, r.Fault.Index);
        Assert.Equal(page1, r.Fault.Address);
        Assert.Equal(1, r.Completed);
        Assert.Equal(0x11, r.ByteSum);

        Assert.Equal(child.Pid, child.Ping());
        Assert.Null(child.Touch(Pages(m, [2]), write: true, 1).Fault);
        Assert.Equal(0x11, m.Span[m.PageSize]);    // the parent's page 1 is still there
    }

    [Fact]
    public void AStoreToAPageTheChildMadeReadOnlyReportsSegvAccErrWhileLoadsStillWork()
    {
        using var m = WrittenPages(2, 0x11);
        using var child = ChildAgent.Spawn();
        child.Protect(m.Address, m.PageSize, Protection.Read);

        var store = child.Touch(Pages(m, 0, 2), write: true, 0x22);
        var load = child.Touch(Pages(m, 0, 2), write: false);

        Assert.NotNull(store.Fault);
        Assert.True(store.Fault.IsProtectionViolation);
        Assert.Equal(FaultSignal.SEGV_ACCERR, store.Fault.Code);
        Assert.Equal(0, store.Fault.Index);
        Assert.Null(load.Fault);
        Assert.Equal(2 * 0x11, load.ByteSum);
        m.Span[0] = 0x44;                          // the parent's protection is its own
        Assert.Equal(0x44, m.Span[0]);
    }

    [Fact]
    public void APageTheParentMadeInaccessibleBeforeForkStopsTheChildsLoadWithSegvAccErr()
    {
        using var m = WrittenPages(1, 0x11);
        m.Protect(Protection.None);
        using var child = ChildAgent.Spawn();

        var r = child.Touch(Pages(m, [0]), write: false);

        Assert.NotNull(r.Fault);
        Assert.Equal(FaultSignal.SIGSEGV, r.Fault.Signal);
        Assert.Equal(FaultSignal.SEGV_ACCERR, r.Fault.Code);
        Assert.Equal(m.Address, r.Fault.Address);
        Assert.Equal(0, r.Completed);
        Assert.Equal(child.Pid, child.Ping());
    }

    [Fact]
    public void AFailedCallInTheChildThrowsTheTypedExceptionNamingTheCallAndTheAgentKeepsServing()
    {
        using var m = WrittenPages(2, 1);
        using var child = ChildAgent.Spawn();

        var e = Assert.Throws<InvalidSyscallArgumentException>(() => child.Protect(m.Address + 1, 10, Protection.Read));
        Assert.Contains("mprotect(0x", e.Message);
        Assert.Contains($"in agent {child.Pid}", e.Message);
        Assert.Contains("EINVAL", e.Message);
        Assert.Throws<ArgumentException>(() => child.Sync(m.Address, m.Length, SyncFlags.Async | SyncFlags.Sync));
        Assert.Throws<InvalidSyscallArgumentException>(() => child.Advise(m.Address + 1, m.Length, Advice.DontNeed));
        Assert.Equal(child.Pid, child.Ping());
    }
}
