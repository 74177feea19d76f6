using MmapToolkit.Agents;
using MmapToolkit.Linux.Tests.Observers;
using static MmapToolkit.Linux.Tests.Agents.AgentTestSupport;

namespace MmapToolkit.Linux.Tests.Agents;

[Collection(KernelCountersCollection.Name)]
public class ChildAgentForkTests
{
    [Fact]
    public void AnAgentForkedByAnAgentServesAndIsItsChildWithCopyOnWritePages()
    {
        const int k = 5;
        using var m = WrittenPages(k, 0x11);
        using var child = ChildAgent.Spawn();
        child.Touch(Pages(m, 0, k), write: true, 0x22);

        using var grandchild = child.Fork();

        Assert.NotEqual(child.Pid, grandchild.Pid);
        Assert.Equal(grandchild.Pid, grandchild.Ping());
        Assert.Equal(child.Pid, ParentOf(grandchild.Pid));
        Assert.Same(child, grandchild.Parent);
        Assert.True(grandchild.ForkTime > TimeSpan.Zero);
        var write = grandchild.Touch(Pages(m, 0, k), write: true, 0x33);
        Assert.Equal(k, write.MinorFaults);
        Assert.Equal(k * 0x22, child.Touch(Pages(m, 0, k), write: false).ByteSum);
        Assert.Equal(k * 0x11, PageTouch.Read(m.Span, m.PageSize, 0, k));
    }

    [Fact]
    public void DisposingAnAgentEndsTheAgentsItForkedAndLeavesNoProcess()
    {
        var child = ChildAgent.Spawn();
        var grandchild = child.Fork();
        var greatGrandchild = grandchild.Fork();
        int[] pids = [child.Pid, grandchild.Pid, greatGrandchild.Pid];

        child.Dispose();

        Assert.All(pids, pid => Assert.True(IsGone(pid), $"process {pid} is still there"));
        Assert.Equal(AgentState.Ended, grandchild.State);
        Assert.Equal(AgentState.Ended, greatGrandchild.State);
        Assert.Equal(0, child.ExitStatus!.ExitCode);
        Assert.Throws<ObjectDisposedException>(() => grandchild.Ping());
        grandchild.Dispose();
    }

    [Fact]
    public void KillingAnAgentKillsTheAgentsItForkedFirst()
    {
        using var child = ChildAgent.Spawn();
        var grandchild = child.Fork();

        child.Kill();

        Assert.True(IsGone(child.Pid));
        Assert.True(IsGone(grandchild.Pid));
        Assert.Equal(SIGKILL, child.ExitStatus!.Signal);
        Assert.Throws<InvalidOperationException>(() => grandchild.Ping());
    }

    [Fact]
    public void AnAgentForkedByAnAgentThatExitsOnItsOwnIsEndedByIt()
    {
        using var child = ChildAgent.Spawn();
        var grandchild = child.Fork();

        child.Exit(4);

        Assert.Equal(4, child.ExitStatus!.ExitCode);
        Assert.True(IsGone(grandchild.Pid));
        Assert.Equal(AgentState.Ended, grandchild.State);
    }
}
