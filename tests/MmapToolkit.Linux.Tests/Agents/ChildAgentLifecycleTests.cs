using MmapToolkit.Agents;
using MmapToolkit.Linux.Tests.Observers;
using static MmapToolkit.Linux.Tests.Agents.AgentTestSupport;

namespace MmapToolkit.Linux.Tests.Agents;

[Collection(KernelCountersCollection.Name)]
public class ChildAgentLifecycleTests
{
    [Fact]
    public void DisposeEndsAndReapsTheAgent()
    {
        var agent = ChildAgent.Spawn();
        int pid = agent.Pid;
        Assert.Equal(Environment.ProcessId, ParentOf(pid));
        Assert.True(agent.ForkTime > TimeSpan.Zero);

        agent.Dispose();

        Assert.True(IsGone(pid), $"agent {pid} left a process or a zombie");
        Assert.Equal(0, agent.ExitStatus!.ExitCode);
        Assert.Throws<ObjectDisposedException>(() => agent.Ping());
        agent.Dispose();
    }

    [Fact]
    public void ExitEndsTheAgentWithItsCode()
    {
        using var agent = ChildAgent.Spawn();
        agent.Exit(7);
        Assert.Equal(7, agent.ExitStatus!.ExitCode);
        Assert.Equal(AgentState.Ended, agent.State);
        Assert.True(IsGone(agent.Pid));
        Assert.Throws<InvalidOperationException>(() => agent.Ping());
    }

    [Fact]
    public void AnAgentThatStopsAnsweringIsKilledAfterItsTimeoutAndReaped()
    {
        using var agent = ChildAgent.Spawn();
        agent.Timeout = TimeSpan.FromMilliseconds(300);
        agent.SendSignal(SIGSTOP);

        var e = Assert.Throws<AgentTimeoutException>(() => agent.Ping());

        Assert.Contains($"agent {agent.Pid}", e.Message);
        Assert.Equal(AgentState.Ended, agent.State);
        Assert.Equal(SIGKILL, agent.ExitStatus!.Signal);
        Assert.True(agent.ExitStatus.KilledAfterTimeout);
        Assert.True(IsGone(agent.Pid));
    }

    [Fact]
    public void AnAgentThatOverrunsWaitForExitIsKilledAndReaped()
    {
        using var agent = ChildAgent.Spawn();     // an idle agent never exits on its own

        Assert.Throws<AgentTimeoutException>(() => agent.WaitForExit(TimeSpan.FromMilliseconds(100)));

        Assert.True(agent.ExitStatus!.KilledAfterTimeout);
        Assert.Equal(SIGKILL, agent.ExitStatus.Signal);
        Assert.Null(agent.ExitStatus.ExitCode);
        Assert.True(IsGone(agent.Pid), $"agent {agent.Pid} is still in /proc (a zombie?)");
    }

    [Fact]
    public void AnOverrunningAgentWithAForkedAgentLeavesNeitherBehind()
    {
        using var agent = ChildAgent.Spawn();
        using var forked = agent.Fork();

        Assert.Throws<AgentTimeoutException>(() => agent.WaitForExit(TimeSpan.FromMilliseconds(100)));

        Assert.True(IsGone(agent.Pid));
        Assert.True(IsGone(forked.Pid), $"forked agent {forked.Pid} left behind");
        Assert.Equal(AgentState.Ended, forked.State);
    }

    [Fact]
    public void AnAgentKilledFromOutsideIsReportedAsEndedAtTheNextCommand()
    {
        using var agent = ChildAgent.Spawn();
        agent.SendSignal(SIGKILL);

        Assert.Throws<AgentEndedException>(() => agent.Ping());

        Assert.Equal(SIGKILL, agent.ExitStatus!.Signal);
        Assert.True(IsGone(agent.Pid));
    }

    [Fact]
    public void AnAgentOutlivesTheThreadThatSpawnedIt()
    {
        // PR_SET_PDEATHSIG fires when the forking *thread* ends: the agent must not die with a short-lived thread.
        ChildAgent? agent = null;
        var thread = new Thread(() => agent = ChildAgent.Spawn());
        thread.Start();
        thread.Join();
        using var spawned = agent!;
        Thread.Sleep(50);   // not a measurement: gives a wrongly delivered SIGKILL time to land

        Assert.Equal(spawned.Pid, spawned.Ping());
    }

    [Fact]
    public void TheTouchLoopMeasuresTheSameWayInParentAndChild()
    {
        const int k = 12;
        using var parentPages = PageTouch.FreshPages(k);
        using var template = PageTouch.FreshPages(k);
        using var child = ChildAgent.Spawn();

        var inParent = LocalTouch.Touch(Pages(parentPages, 0, k), write: true, 1);
        var inChild = child.Touch(Pages(template, 0, k), write: true, 1);

        Assert.Equal(inParent.MinorFaults, inChild.MinorFaults);
        Assert.Equal(k, inChild.MinorFaults);
    }
}
