using System.Diagnostics;
using MmapToolkit.Tests.Observers;

namespace MmapToolkit.Tests.Cli;

[Collection(KernelCountersCollection.Name)]
public class InspectCommandTests
{
    [Fact]
    public void InspectOfARunningChildMatchesItsOwnSmapsRollup()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            WaitUntilSleeping(sleeper.Id);
            // Pss moves whenever any process on the machine maps or unmaps a page sleep shares (libc's, say).
            // So compare over a window in which the kernel's own figure held still, trying a few windows: a
            // correct inspect matches in one of them, a wrong one (another pid, a parsing slip) in none.
            MmaptkCli.Result run;
            long rollupRss, rollupPss, pssBefore;
            int attempts = 0;
            do
            {
                pssBefore = MmaptkCli.RollupKb(sleeper.Id, "Pss");
                run = MmaptkCli.InspectInProcess("--pid", sleeper.Id.ToString(), "--json");
                rollupRss = MmaptkCli.RollupKb(sleeper.Id, "Rss");
                rollupPss = MmaptkCli.RollupKb(sleeper.Id, "Pss");
                Assert.True(run.ExitCode == 0, run.Stderr);
            } while (!(rollupPss == pssBefore && run.Json().GetProperty("pss_kb").GetInt64() == rollupPss) && ++attempts < 20);

            Assert.True(run.ExitCode == 0, run.Stderr);
            var json = run.Json();
            Assert.Equal(sleeper.Id, json.GetProperty("pid").GetInt32());
            Assert.Equal("sleep", json.GetProperty("command").GetString());
            Assert.Equal(rollupRss, json.GetProperty("rss_kb").GetInt64());
            Assert.Equal(rollupPss, json.GetProperty("pss_kb").GetInt64());
            Assert.Equal(rollupRss, json.GetProperty("private_kb").GetInt64() + json.GetProperty("shared_kb").GetInt64());

            // The per-mapping rows add up to the totals: Rss exactly; Pss rounded down to a KiB per mapping.
            var mappings = json.GetProperty("mappings").EnumerateArray().ToList();
            Assert.Equal(json.GetProperty("mapping_count").GetInt32(), mappings.Count);
            Assert.Equal(rollupRss, mappings.Sum(m => m.GetProperty("rss_kb").GetInt64()));
            long pssSum = mappings.Sum(m => m.GetProperty("pss_kb").GetInt64());
            Assert.InRange(pssSum, rollupPss - mappings.Count, rollupPss);
            Assert.Contains(mappings, m => m.GetProperty("name").GetString() == "[stack]");

            var sharing = json.GetProperty("pages_sharing_a_frame");
            if (Privileges.SeesFrames)
            {
                // sleep maps libc's text from the page cache like every other process here.
                Assert.True(sharing.GetInt64() > 0, "no page of sleep shares a frame");
                Assert.True(sharing.GetInt64() <= json.GetProperty("present_pages").GetInt64());
                Assert.Equal(rollupRss * 1024 / Environment.SystemPageSize, json.GetProperty("present_pages").GetInt64());
            }
            else
            {
                Assert.Equal(System.Text.Json.JsonValueKind.Null, sharing.ValueKind);
                Assert.Contains("needs root", json.GetProperty("pages_sharing_a_frame_reason").GetString());
            }
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void TextOutputShowsTheTableAndTotals()
    {
        var run = MmaptkCli.Run("inspect");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("total (smaps_rollup)", run.Stdout);
        Assert.Contains("[heap]", run.Stdout);
        Assert.Contains("Pss kB", run.Stdout);
    }

    [Fact]
    public void AMissingPidIsAClearErrorWithExitCodeTwo()
    {
        int pid = PageMapTests.UnusedPid();
        var run = MmaptkCli.Run("inspect", "--pid", pid.ToString(), "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"no process with pid {pid}", run.Stderr);
        Assert.Equal("", run.Stdout.Trim());
    }

    // Process.Start returns after fork; the exec and the dynamic loader's work follow. Compare only once sleep
    // sits in its nanosleep, when its memory no longer changes.
    private static void WaitUntilSleeping(int pid)
    {
        static bool Sleeping(int pid) => File.ReadAllText($"/proc/{pid}/wchan").Contains("nanosleep");
        for (int i = 0; i < 500 && !Sleeping(pid); i++) Thread.Sleep(10);
        Assert.True(Sleeping(pid), $"sleep (pid {pid}) never reached nanosleep");
    }
}
