using System.Diagnostics;
using MmapToolkit.Cli.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary><c>mmaptk inspect</c> in-process (a second dotnet process would map libc too and move every Pss), alone.</summary>
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
            Mmaptk.Result run;
            long rollupRss, rollupPss, pssBefore;
            int attempts = 0;
            do
            {
                pssBefore = RollupKb(sleeper.Id, "Pss");
                run = Mmaptk.Run("inspect", "--pid", sleeper.Id.ToString(), "--json");
                rollupRss = RollupKb(sleeper.Id, "Rss");
                rollupPss = RollupKb(sleeper.Id, "Pss");
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
    public void CsvIsARowPerMappingOfItsMapsAndTheRollupTotal()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            WaitUntilSleeping(sleeper.Id);
            var run = Mmaptk.Run("inspect", "--pid", sleeper.Id.ToString(), "--all", "--csv");
            Assert.True(run.ExitCode == 0, run.Stderr);
            var lines = run.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            Assert.Equal("row,start,end,perm,offset,size_kb,rss_kb,pss_kb,shared_kb,private_kb,anonymous_kb,swap_kb,name", lines[0]);
            // With --all, a row per line of /proc/PID/maps (read here), in its order: addresses, permissions, the offset in
            // bytes, the size in kB (end - start) and the name exactly.
            var maps = File.ReadAllLines($"/proc/{sleeper.Id}/maps");
            Assert.Equal(maps.Length + 2, lines.Length);
            for (int i = 0; i < maps.Length; i++)
            {
                string[] f = maps[i].Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                string[] range = f[0].Split('-');
                ulong start = Convert.ToUInt64(range[0], 16), end = Convert.ToUInt64(range[1], 16), offset = Convert.ToUInt64(f[2], 16);
                string name = f.Length > 5 ? f[5].Trim() : "";
                Assert.StartsWith($"mapping,0x{start:x},0x{end:x},{f[1]},{offset},{(end - start) / 1024},", lines[i + 1]);
                Assert.EndsWith($",{name}", lines[i + 1]);
                Assert.Equal(13, CsvRows.Parse(lines[i + 1])[0].Length);
            }
            // The last row is smaps_rollup's total (sleep's Rss holds still while it sleeps), not a sum of the rows.
            var total = CsvRows.Parse(lines[^1])[0];
            Assert.Equal(["total", "", "", "", "", ""], total[..6]);
            Assert.Equal(RollupKb(sleeper.Id, "Rss").ToString(), total[6]);
            Assert.Equal(RollupKb(sleeper.Id, "Swap").ToString(), total[11]);
            Assert.Equal("", total[12]);

            // Without --all, the rows the text table shows: the mappings with something resident or swapped.
            var resident = CsvRows.Parse(Mmaptk.Run("inspect", "--pid", sleeper.Id.ToString(), "--csv").Stdout).Skip(1).SkipLast(1).ToList();
            Assert.NotEmpty(resident);
            Assert.True(resident.Count < maps.Length, "every mapping of sleep has something resident?");
            Assert.All(resident, r => Assert.True(long.Parse(r[6]) > 0 || long.Parse(r[11]) > 0, string.Join(',', r)));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void JsonAndCsvTogetherAreRefused()
    {
        var run = Mmaptk.Run("inspect", "--json", "--csv");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("mmaptk: error: give only one of --json and --csv", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void TextOutputShowsTheTableAndTotals()
    {
        var run = Mmaptk.Run("inspect");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("total (smaps_rollup)", run.Stdout);
        Assert.Contains("[heap]", run.Stdout);
        Assert.Contains("Pss kB", run.Stdout);
    }

    [Fact]
    public void AMissingPidIsAClearErrorWithExitCodeTwo()
    {
        int pid = Pids.Unused();
        var run = Mmaptk.Run("inspect", "--pid", pid.ToString(), "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"no process with pid {pid}", run.Stderr);
        Assert.Equal("", run.Stdout.Trim());
    }

    [Fact]
    public void AKernelThreadIsNamedAsOneWithExitCodeTwo()
    {
        // Kernel threads are kthreadd (pid 2) and its children. In a PID namespace none is visible; the zombie test
        // below goes through the same "no address space" path there.
        var threads = Processes().Where(p => p.Pid == 2 && p.Command == "kthreadd" || p.ParentPid == 2).Take(3).ToList();
        foreach (var (pid, _, command, _) in threads)
        {
            var run = Mmaptk.Run("inspect", "--pid", pid.ToString());
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"mmaptk: error: pid {pid} ({command}) is a kernel thread: it has no user address space, so there are no mappings to show",
                         run.Stderr.Trim());
            Assert.Equal("", run.Stdout);
        }
    }

    [Fact]
    public void AZombieIsNamedAsOneWithExitCodeTwo()
    {
        // sh starts 'sleep 0' and becomes 'sleep 30', which never collects it: 'sleep 0' stays a zombie.
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 0 & exec sleep 30"]) { UseShellExecute = false })!;
        try
        {
            (int Pid, int ParentPid, string Command, string State)? zombie = null;
            for (int i = 0; i < 500 && zombie is null; i++)
            {
                zombie = Processes().Where(p => p.ParentPid == parent.Id && p.State == "Z").Cast<(int, int, string, string)?>().FirstOrDefault();
                if (zombie is null) Thread.Sleep(10);
            }
            Assert.True(zombie is not null, $"no zombie child of pid {parent.Id} appeared");
            var run = Mmaptk.Run("inspect", "--pid", zombie.Value.Pid.ToString(), "--json");
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"mmaptk: error: pid {zombie.Value.Pid} (sleep) is a zombie: it has exited and its parent has not collected it yet, so no address space is left",
                         run.Stderr.Trim());
        }
        finally
        {
            parent.Kill();
            parent.WaitForExit();
        }
    }

    /// <summary>A figure from a /proc/&lt;pid&gt;/smaps_rollup file, read here without the toolkit's parser.</summary>
    private static long RollupKb(int pid, string field)
    {
        string line = File.ReadAllLines($"/proc/{pid}/smaps_rollup").Single(l => l.StartsWith(field + ":"));
        return long.Parse(line[(field.Length + 1)..].Replace("kB", "").Trim());
    }

    // Every process's pid, parent, name and state, from /proc/*/stat read here (not with the toolkit's code).
    private static IEnumerable<(int Pid, int ParentPid, string Command, string State)> Processes()
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            string stat;
            try { stat = File.ReadAllText($"{dir}/stat"); }
            catch (IOException) { continue; }
            int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
            string[] rest = stat[(close + 2)..].Split(' ');
            yield return (pid, int.Parse(rest[1]), stat[(open + 1)..close], rest[0]);
        }
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
