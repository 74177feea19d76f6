using MmapToolkit.Agents;
using MmapToolkit.Files;
using MmapToolkit.Interop;
using MmapToolkit.Observers;
using MmapToolkit.Linux.Tests.Observers;
using MmapToolkit.Linux.Tests.Support;
using static MmapToolkit.Linux.Tests.Agents.AgentTestSupport;

namespace MmapToolkit.Linux.Tests.Agents;

[Collection(KernelCountersCollection.Name)]
public class ChildAgentExecTests
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(10);

    /// <summary>A private copy of textprog, so that opening it for writing never touches the shared build.</summary>
    private static string CopyOfTextProgram(TempDirectory dir)
    {
        string copy = dir.File("textprog");
        File.Copy(TextProgram.Path, copy);   // keeps the execute permission
        return copy;
    }

    [Fact]
    public void AnAgentThatExecsTextprogRunsItAndItsTextPagesAreWhereTheLayoutSays()
    {
        using var dir = new TempDirectory();
        string program = CopyOfTextProgram(dir);
        string ready = dir.File("ready");
        using var agent = ChildAgent.Spawn();

        var result = agent.Exec(program, TextProgram.Arguments(ready, 3, 17));
        TextProgram.WaitUntilReady(agent, ready, Ready);

        Assert.True(result.Succeeded);
        Assert.Equal(AgentState.RunningProgram, agent.State);
        Assert.Equal(program, new FileInfo($"/proc/{agent.Pid}/exe").LinkTarget);
        Assert.Throws<InvalidOperationException>(() => agent.Ping());

        var layout = TextProgram.Layout;
        var pages = TextProgram.PageAddresses(agent.Pid, layout);
        Assert.Equal(layout.Pages, pages.Length);
        Assert.All(pages.Skip(1).Select((a, i) => a - pages[i]), step => Assert.Equal(layout.Stride, (int)step));
        using var pagemap = PageMap.Open(agent.Pid);
        Assert.True(pagemap.Read(pages[3]).IsPresent);
        Assert.True(pagemap.Read(pages[17]).IsPresent);

        int pid = agent.Pid;
        agent.Dispose();
        Assert.True(IsGone(pid));
    }

    [Fact]
    public void ExecOfAFileOpenForWritingFailsWithEtxtbsyAndTheAgentKeepsServing()
    {
        using var dir = new TempDirectory();
        string program = CopyOfTextProgram(dir);
        using var agent = ChildAgent.Spawn();

        using (PosixFile.OpenWriteOnly(program))
        {
            Assert.Throws<TextFileBusyException>(() => agent.Exec(program, "--exit"));
            Assert.Equal(Errno.ETXTBSY, agent.TryExec(program, "--exit").Error);
        }
        Assert.Equal(agent.Pid, agent.Ping());

        using var writer = ChildAgent.Spawn();
        int fd = writer.OpenFile(program, AgentOpenFlags.WriteOnly);
        Assert.Equal(Errno.ETXTBSY, agent.TryExec(program).Error);
        writer.CloseFile(fd);

        string ready = dir.File("ready");
        Assert.True(agent.Exec(program, TextProgram.Arguments(ready)).Succeeded);
        TextProgram.WaitUntilReady(agent, ready, Ready);
    }

    [Fact]
    public void OpeningARunningProgramForWritingFailsWithEtxtbsy()
    {
        using var dir = new TempDirectory();
        string program = CopyOfTextProgram(dir);
        string ready = dir.File("ready");
        using var runner = ChildAgent.Spawn();
        using var writer = ChildAgent.Spawn();
        runner.Exec(program, TextProgram.Arguments(ready));
        TextProgram.WaitUntilReady(runner, ready, Ready);

        Assert.Throws<TextFileBusyException>(() => PosixFile.OpenWriteOnly(program));
        var e = Assert.Throws<TextFileBusyException>(() => writer.OpenFile(program, AgentOpenFlags.WriteOnly));
        Assert.Contains("O_WRONLY", e.Message);

        runner.Kill();
        writer.CloseFile(writer.OpenFile(program, AgentOpenFlags.WriteOnly));
    }

    [Fact]
    public void ExecOfAMissingFileFailsWithEnoentAndTheAgentKeepsServing()
    {
        using var dir = new TempDirectory();
        using var agent = ChildAgent.Spawn();

        var e = Assert.Throws<SyscallFileNotFoundException>(() => agent.Exec(dir.File("no-such-program")));

        Assert.Contains("execve(", e.Message);
        Assert.Equal(agent.Pid, agent.Ping());
    }

    [Fact]
    public void ExecIsRefusedWhileTheAgentHasForkedAgents()
    {
        using var agent = ChildAgent.Spawn();
        using var forked = agent.Fork();

        Assert.Throws<InvalidOperationException>(() => agent.Exec(TextProgram.Path, "--exit"));
        Assert.Equal(agent.Pid, agent.Ping());
    }

    [Theory]
    [InlineData(new[] { "--exit", "4" }, 0)]
    [InlineData(new[] { "--exit", "99" }, 2)]   // textprog's own "bad argument" code: proof that it ran
    public void AProgramThatEndsOnItsOwnIsWaitedForWithItsExitCode(string[] args, int exitCode)
    {
        using var agent = ChildAgent.Spawn();

        Assert.True(agent.Exec(TextProgram.Path, args).Succeeded);
        var exit = agent.WaitForExit(Ready);

        Assert.Equal(exitCode, exit!.ExitCode);
        Assert.Equal(AgentState.Ended, agent.State);
        Assert.True(IsGone(agent.Pid));
    }

    [Fact]
    public void AProgramThatDoesNotEndInTimeIsKilled()
    {
        using var agent = ChildAgent.Spawn();
        agent.Exec(TextProgram.Path);

        Assert.Throws<AgentTimeoutException>(() => agent.WaitForExit(TimeSpan.FromMilliseconds(100)));

        Assert.Equal(SIGKILL, agent.ExitStatus!.Signal);
        Assert.True(IsGone(agent.Pid));
    }
}
