using MmapToolkit.Pager;
using static MmapToolkit.Tests.Pager.PagerTestSupport;

namespace MmapToolkit.Tests.Pager;

/// <summary>The pager's handler changes nothing for faults that are not its own.</summary>
[Collection(PagerCollection.Name)]
public class PagerSignalTests
{
    [Fact]
    public void NullReferenceExceptionsAreStillCaught_AndThePagerKeepsWorking()
    {
        using var pager = new UserPager(new PagerOptions { Pages = 32, Frames = 4, Policy = PagerPolicy.Clock });
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
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("native")]
    public void AnAccessOutsideAnyRegionEndsTheProcessAsWithoutThePager(string from)
    {
        var without = RunMmaptk("pager", "crash-probe", "--from", from);
        var with = RunMmaptk("pager", "crash-probe", "--with-pager", "--from", from);
        Assert.Contains(PagerCrashProbe.Marker, without.StdOut);
        Assert.Contains(PagerCrashProbe.Marker, with.StdOut);
        Assert.DoesNotContain("survived", without.StdOut + with.StdOut);
        Assert.NotEqual(0, without.ExitCode);
        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(FirstLine(without.StdErr), FirstLine(with.StdErr));
    }

    [Fact]
    public void AFaultThePagerCannotResolveEndsWithAMessageNamingThePage()
    {
        var result = RunMmaptk("pager", "crash-probe", "--swap-full");
        Assert.Contains(PagerCrashProbe.Marker, result.StdOut);
        Assert.DoesNotContain("survived", result.StdOut);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cannot resolve a fault on page 1", result.StdErr);
        Assert.Contains("swap file is full", result.StdErr);
    }

    [Theory]
    [InlineData("exec")]            // an instruction fetch from a region that is not executable
    [InlineData("store-readonly")]  // a store into a read-only region
    [InlineData("ignored")]         // SIGSEGV ignored before the pager came; the kernel never ignores a fault
    public void AFaultNoPagerMayResolveEndsTheProcessInsteadOfLooping(string kind)
    {
        var result = RunMmaptk("pager", "crash-probe", "--unresolvable", kind);   // fails the test on a hang
        Assert.Contains(PagerCrashProbe.Marker, result.StdOut);
        Assert.DoesNotContain("survived", result.StdOut);
        Assert.Equal(128 + 11, result.ExitCode);   // killed by SIGSEGV, as without the pager
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
