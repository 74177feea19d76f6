using MmapToolkit.Pager;
using static MmapToolkit.Linux.Tests.Pager.PagerTestSupport;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>The pager's handler changes nothing for faults that are not its own.</summary>
[Collection(PagerCollection.Name)]
public class PagerSignalTests
{
    [Fact]
    public void NullReferenceExceptionsAreStillCaught_AndThePagerKeepsWorking()
    {
        foreach (var backend in Backends) CaughtWhilePaging(backend);
    }

    private static void CaughtWhilePaging(PagerBackend backend)
    {
        using var pager = new UserPager(new PagerOptions { Pages = 32, Frames = 4, Policy = PagerPolicy.Clock, Backend = backend });
        string blockedBefore = BlockedSignals();
        string? nothing = null;
        int caught = 0;
        for (int i = 0; i < 500; i++)
        {
            try { _ = nothing!.Length; }
            catch (NullReferenceException) { caught++; }
            // A pager fault after each one: if SIGSEGV stayed blocked after the runtime's unwind, this would kill us.
            pager.Page(i % 32)[i % 100] = (byte)i;
        }
        Assert.Equal(500, caught);
        Assert.True(pager.Statistics.PageFaults >= 32);
        // The runtime unwinds out of the chained handler: whatever our handler's mask blocked must not stay blocked.
        Assert.Equal(blockedBefore, BlockedSignals());
    }

    [Fact]
    public void NullReferenceExceptionsOnEightThreads_WhileOtherThreadsFaultPagerPages_NeverKillTheProcess()
    {
        // In a child process, so a crash is an exit code. Each run: 8 threads x 20,000 caught exceptions, 2 threads
        // writing and checking pager pages through 4 frames, and frequent collections (each suspends every thread
        // with the runtime's activation signal). With an empty sa_mask on the pager's handler 4 of 5 runs died here.
        // Runs alternate between the backends (SIGBUS is the runtime's too).
        for (int run = 1; run <= 6; run++)
        {
            string backend = Backends[run % Backends.Length].Name();
            var result = RunMmaptk("pager", "crash-probe", "--null-reference-storm", "8", "--backend", backend);
            Assert.True(result.ExitCode == 0, $"run {run} ({backend}): exit code {result.ExitCode}, stdout: {result.StdOut.Trim()}, stderr: {FirstLine(result.StdErr)}");
            Assert.Contains("160000 of 160000 NullReferenceExceptions caught", result.StdOut);
            Assert.Contains(", 0 bad,", result.StdOut);
        }
    }

    /// <summary>This thread's blocked-signal mask, as the kernel reports it.</summary>
    private static string BlockedSignals() =>
        File.ReadLines("/proc/thread-self/status").Single(l => l.StartsWith("SigBlk:", StringComparison.Ordinal));

    [Theory]
    [InlineData("managed")]
    [InlineData("native")]
    public void AnAccessOutsideAnyRegionEndsTheProcessAsWithoutThePager(string from)
    {
        var without = RunMmaptk("pager", "crash-probe", "--from", from);
        Assert.Contains(PagerCrashProbe.Marker, without.StdOut);
        Assert.NotEqual(0, without.ExitCode);
        foreach (var backend in Backends)
        {
            var with = RunMmaptk("pager", "crash-probe", "--with-pager", "--from", from, "--backend", backend.Name());
            Assert.Contains(PagerCrashProbe.Marker, with.StdOut);
            Assert.DoesNotContain("survived", without.StdOut + with.StdOut);
            Assert.Equal(without.ExitCode, with.ExitCode);
            Assert.Equal(FirstLine(without.StdErr), FirstLine(with.StdErr));
        }
    }

    [Fact]
    public void AFaultThePagerCannotResolveEndsWithAMessageNamingThePage()
    {
        foreach (var backend in Backends)
        {
            var result = RunMmaptk("pager", "crash-probe", "--swap-full", "--backend", backend.Name());
            Assert.Contains(PagerCrashProbe.Marker, result.StdOut);
            Assert.DoesNotContain("survived", result.StdOut);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("cannot resolve a fault on page 1", result.StdErr);
            Assert.Contains("swap file is full", result.StdErr);
        }
    }

    [Theory]
    [InlineData("exec")]            // an instruction fetch from a region that is not executable
    [InlineData("store-readonly")]  // a store into a read-only region
    [InlineData("ignored")]         // SIGSEGV ignored before the pager came; the kernel never ignores a fault
    public void AFaultNoPagerMayResolveEndsTheProcessInsteadOfLooping(string kind)
    {
        foreach (var backend in Backends)
        {
            var result = RunMmaptk("pager", "crash-probe", "--unresolvable", kind, "--backend", backend.Name());   // fails the test on a hang
            Assert.Contains(PagerCrashProbe.Marker, result.StdOut);
            Assert.DoesNotContain("survived", result.StdOut);
            Assert.True(128 + 11 == result.ExitCode, $"{backend}: exit code {result.ExitCode}, not SIGSEGV's");   // as without the pager
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
