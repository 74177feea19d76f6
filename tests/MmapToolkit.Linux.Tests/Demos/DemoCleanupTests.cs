using System.Diagnostics;
using MmapToolkit.Demos.Kernels.Real;
using MmapToolkit.Files;
using MmapToolkit.Linux.Tests.Observers;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Demos;

/// <summary>
/// Nothing a demo run writes outlives it: SIGINT or SIGTERM in mid-run deletes the run directory, and a run directory
/// left by a process that is gone (killed with SIGKILL) is swept by the next run. Each test gives the real `mmaptk` a
/// private TMPDIR, so it sees only its own run directories. Serial: the child agents of the runs started here would
/// count as leaks in DemoSideEffectTests, which looks for agents machine-wide.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public sealed class DemoCleanupTests : IDisposable
{
    private readonly TempDirectory _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void KillingDemoAllInMidRunLeavesNoRunDirectory(string signal)
    {
        using var demo = StartMmaptk("demo", "--all", "--json");
        var clock = Stopwatch.StartNew();
        // Wait until a demo is running: its run directory exists (the parent is the process itself: `dotnet exec`).
        while (RunDirectories(demo.Id).Length == 0)
        {
            Assert.False(demo.HasExited, $"mmaptk demo --all ended (exit {(demo.HasExited ? demo.ExitCode : 0)}) before any run directory appeared");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no run directory appeared within 60 s");
            Thread.Sleep(5);
        }

        Signal(demo.Id, signal);

        if (!demo.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            demo.Kill(entireProcessTree: true);
            Assert.Fail($"mmaptk did not end within 30 s of SIG{signal}");
        }
        Assert.Empty(RunDirectories(demo.Id));
    }

    [Fact]
    public void TheNextRunSweepsTheRunDirectoriesOfProcessesThatAreGone()
    {
        int dead = DeadPid();
        using var alive = Process.Start("sleep", "60");
        try
        {
            string stale = MakeRunDirectory(dead, "stale");
            string live = MakeRunDirectory(alive.Id, "live");
            string unrelated = Directory.CreateDirectory(Path.Combine(_tmp.Path, $"other-{dead}-x")).FullName;
            // A link named like a stale run directory is not followed: what it points to is not the run's.
            string pointedTo = Directory.CreateDirectory(Path.Combine(_tmp.Path, "kept")).FullName;
            File.WriteAllText(Path.Combine(pointedTo, "precious"), "x");
            string link = Path.Combine(_tmp.Path, $"{RunDirectory.Prefix}{dead}-link");
            Directory.CreateSymbolicLink(link, pointedTo);
            // Another user's directory is not ours to delete (only root can make one here; decided by trying).
            string foreign = MakeRunDirectory(dead, "foreign");
            bool foreignOwned = Chown(foreign, FileStatus.EffectiveUserId == 65534 ? 65533u : 65534u);

            var swept = RunDirectory.SweepStale(_tmp.Path);

            // Where chown failed, the "foreign" directory is still ours, and stale like the first.
            string[] expected = foreignOwned ? [stale] : [stale, foreign];
            Assert.Equal(expected.Order(), swept.Order());
            Assert.False(Directory.Exists(stale));
            Assert.Equal(foreignOwned, Directory.Exists(foreign));
            Assert.True(Directory.Exists(live));
            Assert.True(Directory.Exists(unrelated));
            Assert.True(File.Exists(Path.Combine(link, "precious")));
        }
        finally
        {
            alive.Kill();
            alive.WaitForExit();
        }
    }

    [Fact]
    public void TheRunsLockDecidesWhetherItIsAlive_NotThePidInItsName()
    {
        // A run in another PID namespace sharing this TMPDIR: its pid means nothing here, its lock is held.
        string lockedUnderADeadPid = MakeRunDirectory(DeadPid(), "other-namespace");
        using var held = new FileStream(Path.Combine(lockedUnderADeadPid, RunDirectory.LockName), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None);
        // A run killed outright whose pid was reused by a live process: the lock is free.
        using var alive = Process.Start("sleep", "60");
        try
        {
            string freeUnderALivePid = MakeRunDirectory(alive.Id, "killed");
            File.WriteAllText(Path.Combine(freeUnderALivePid, RunDirectory.LockName), "");

            // Created an instant ago and not yet locked, under a pid that looks dead from here: left alone.
            string justCreated = Directory.CreateDirectory(Path.Combine(_tmp.Path, $"{RunDirectory.Prefix}{DeadPid()}-new")).FullName;

            var swept = RunDirectory.SweepStale(_tmp.Path);

            Assert.Equal([freeUnderALivePid], swept);
            Assert.True(Directory.Exists(lockedUnderADeadPid));
            Assert.True(Directory.Exists(justCreated));
        }
        finally
        {
            alive.Kill();
            alive.WaitForExit();
        }
    }

    [Fact]
    public void MmaptkDemoSweepsStaleRunDirectoriesWhenItStarts()
    {
        string stale = MakeRunDirectory(DeadPid(), "stale");
        using var alive = Process.Start("sleep", "60");
        try
        {
            string live = MakeRunDirectory(alive.Id, "live");
            using var demo = StartMmaptk("demo", "cow-fork", "--json");
            string stderr = demo.StandardError.ReadToEnd();
            demo.StandardOutput.ReadToEnd();
            Assert.True(demo.WaitForExit(TimeSpan.FromSeconds(120)), "mmaptk demo cow-fork did not finish");

            Assert.True(demo.ExitCode == 0, stderr);
            Assert.False(Directory.Exists(stale));
            Assert.True(Directory.Exists(live));
            Assert.Empty(RunDirectories(demo.Id));
        }
        finally
        {
            alive.Kill();
            alive.WaitForExit();
        }
    }

    [Fact]
    public void AMissingTemporaryDirectoryIsNamed()
    {
        using var demo = StartMmaptkIn("/nonexistent", "demo", "cow-fork");
        string stderr = demo.StandardError.ReadToEnd();
        demo.StandardOutput.ReadToEnd();
        Assert.True(demo.WaitForExit(TimeSpan.FromSeconds(60)));

        Assert.Equal(2, demo.ExitCode);
        Assert.Equal("mmaptk: error: the temporary directory '/nonexistent/' does not exist or is not a directory: set TMPDIR to a writable directory",
                     stderr.Trim());
    }

    private string MakeRunDirectory(int pid, string suffix)
    {
        string dir = Directory.CreateDirectory(Path.Combine(_tmp.Path, $"{RunDirectory.Prefix}{pid}-{suffix}")).FullName;
        File.WriteAllText(Path.Combine(dir, "textprog-copy"), "x");
        File.WriteAllText(Path.Combine(dir, ".exec-line7.ready"), "");
        // Left an hour ago: a lock-less directory younger than 10 minutes may be a run about to lock it.
        Directory.SetLastWriteTimeUtc(dir, DateTime.UtcNow.AddHours(-1));
        return dir;
    }

    private string[] RunDirectories(int pid) => Directory.GetDirectories(_tmp.Path, $"{RunDirectory.Prefix}{pid}-*");

    private Process StartMmaptk(params string[] args) => StartMmaptkIn(_tmp.Path, args);

    private static Process StartMmaptkIn(string tmpdir, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "mmaptk.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["TMPDIR"] = tmpdir;
        var p = Process.Start(start)!;
        if (args.Contains("--all"))
        {
            // Nobody reads --all's output here: drain it so the process never blocks on a full pipe.
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
        }
        return p;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString()]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The pid of a process that has ended (and been reaped).</summary>
    private static int DeadPid()
    {
        using var p = Process.Start("true");
        p.WaitForExit();
        Assert.False(Directory.Exists($"/proc/{p.Id}"));
        return p.Id;
    }

    private static bool Chown(string path, uint uid)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", [uid.ToString(), path]) { RedirectStandardError = true })!;
        chown.StandardError.ReadToEnd();
        chown.WaitForExit();
        return chown.ExitCode == 0;
    }
}
