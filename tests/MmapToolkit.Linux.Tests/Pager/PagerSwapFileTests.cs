using System.Diagnostics;
using MmapToolkit.Pager;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>The swap file is unlinked as soon as it is created: it never shows in its directory, so a killed process
/// leaves nothing behind.</summary>
[Collection(PagerCollection.Name)]
public class PagerSwapFileTests
{
    [Fact]
    public void WhileAPagerSwaps_ItsSwapFileIsOpenButNotInItsDirectory()
    {
        using var dir = new TempDirectory();
        string swap = dir.File("pager.swap");
        using var pager = new UserPager(new PagerOptions { Pages = 16, Frames = 2, Policy = PagerPolicy.Fifo, SwapFile = swap });
        for (int p = 0; p < 16; p++) pager.Page(p)[0] = (byte)(p + 1);
        for (int p = 0; p < 16; p++) Assert.Equal(p + 1, pager.Page(p)[0]);   // read back through the swap file

        Assert.True(pager.Statistics.SwapIns > 0, "pages came back from the swap file");
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
        Assert.True(SwapFiles.OpenLength(swap) >= 14L * pager.PageSize, "the open, unlinked swap file holds the evicted pages");
    }

    [Fact]
    public void KillingPagerStress_LeavesNoSwapFileBehind()
    {
        using var dir = new TempDirectory();
        string dll = Path.Combine(AppContext.BaseDirectory, "mmaptk.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "exec", dll, "pager", "stress", "--pages", "2048", "--frames", "64", "--seconds", "60", "--json" })
            start.ArgumentList.Add(a);
        start.Environment["TMPDIR"] = dir.Path;   // Path.GetTempPath(): where the pager creates its swap file
        start.Environment["DOTNET_EnableDiagnostics"] = "0";   // the runtime's own debug pipes would land there too
        using var stress = Process.Start(start)!;
        try
        {
            // Wait until the stress run has its swap file open (and is swapping), then kill it without warning.
            var waited = Stopwatch.StartNew();
            long? length = null;
            while (waited.Elapsed < TimeSpan.FromSeconds(60) && !stress.HasExited && !(length > 0))
            {
                Thread.Sleep(100);
                length = SwapFiles.OpenLength(Path.Combine(dir.Path, "mmaptk-swap-"), stress.Id, unlinkedOnly: false);
            }
            Assert.True(length > 0, $"the stress run never had a swap file in {dir.Path} open (exited: {stress.HasExited})");
            stress.Kill();
            Assert.True(stress.WaitForExit(TimeSpan.FromSeconds(30)), "the killed stress run did not end");
        }
        finally
        {
            if (!stress.HasExited) { stress.Kill(); stress.WaitForExit(); }
        }
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir.Path), f => Path.GetFileName(f).StartsWith("mmaptk-", StringComparison.Ordinal));
    }
}

internal static class SwapFiles
{
    /// <summary>Length of a file a process holds open whose path starts with pathPrefix and, when unlinkedOnly, that is
    /// unlinked (its /proc/PID/fd link ends in " (deleted)"); null if it holds none.</summary>
    public static long? OpenLength(string pathPrefix, int pid = 0, bool unlinkedOnly = true)
    {
        string fds = pid == 0 ? "/proc/self/fd" : $"/proc/{pid}/fd";
        try
        {
            foreach (string fd in Directory.EnumerateFileSystemEntries(fds))
            {
                string? target;
                try { target = new FileInfo(fd).LinkTarget; }
                catch (IOException) { continue; }   // closed meanwhile
                if (target is null || !target.StartsWith(pathPrefix, StringComparison.Ordinal)
                    || (unlinkedOnly && !target.EndsWith(" (deleted)", StringComparison.Ordinal)))
                    continue;
                // Opening the /proc link reaches the file itself, unlinked or not.
                using var handle = File.OpenHandle(fd, FileMode.Open, FileAccess.Read);
                return RandomAccess.GetLength(handle);
            }
        }
        catch (DirectoryNotFoundException) { }      // the process is gone
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
