using MmapToolkit.Interop;
using MmapToolkit.Pager;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>Dispose leaves nothing behind; creation fails cleanly with a message that names the problem.</summary>
[Collection(PagerCollection.Name)]
public class PagerLifetimeTests
{
    private static bool FramePoolOpen(string name) =>
        Directory.EnumerateFileSystemEntries("/proc/self/fd").Any(fd =>
        {
            try { return (new FileInfo(fd).LinkTarget ?? "").Contains(name, StringComparison.Ordinal); }
            catch (IOException) { return false; } // the directory's own descriptor may be gone already
        });

    private static bool FramePoolMapped(string name) => File.ReadLines("/proc/self/maps").Any(l => l.Contains(name, StringComparison.Ordinal));

    [Fact]
    public void DisposeRemovesSwapFileFramePoolMappingsAndHandler()
    {
        // The SIGSEGV backend has the frame pool; PagerBackendTests checks what a userfaultfd region leaves.
        nuint before = NativeLib.PagerSegvHandlerAddress();
        Assert.Equal(0, NativeLib.PagerHandlerInstalled());
        var first = new UserPager(new PagerOptions { Pages = 16, Frames = 2, Policy = PagerPolicy.Fifo, Backend = PagerBackend.Sigsegv });
        var second = new UserPager(new PagerOptions { Pages = 16, Frames = 2, Policy = PagerPolicy.Lru, Backend = PagerBackend.Sigsegv });
        try
        {
            for (int p = 0; p < 16; p++) { first.Page(p)[0] = 1; second.Page(p)[0] = 2; }
            Assert.False(File.Exists(first.SwapFilePath), "the swap file is unlinked as soon as it is created");
            Assert.True(SwapFiles.OpenLength(first.SwapFilePath) > 0, "dirty victims went to a real swap file");
            Assert.True(FramePoolOpen(first.FramePoolName) && FramePoolMapped(first.FramePoolName));
            Assert.True(ProcMaps.Covers(first.BaseAddress));
            Assert.Equal(1, NativeLib.PagerHandlerInstalled());

            first.Dispose();
            Assert.Null(SwapFiles.OpenLength(first.SwapFilePath));
            Assert.False(FramePoolOpen(first.FramePoolName), "the frame pool's memfd is still open");
            Assert.False(FramePoolMapped(first.FramePoolName), "the frame pool is still mapped");
            Assert.False(ProcMaps.Covers(first.BaseAddress), "the region is still mapped");
            Assert.Equal(1, NativeLib.PagerHandlerInstalled()); // the second region still needs it
            Assert.Equal(2, second.Page(3)[0]);

            second.Dispose();
            Assert.Null(SwapFiles.OpenLength(second.SwapFilePath));
            Assert.False(FramePoolOpen(second.FramePoolName) || FramePoolMapped(second.FramePoolName));
            Assert.Equal(0, NativeLib.PagerHandlerInstalled());
            Assert.Equal(before, NativeLib.PagerSegvHandlerAddress());
            Assert.Throws<ObjectDisposedException>(() => second.Page(0));
            second.Dispose(); // twice is harmless
        }
        finally
        {
            first.Dispose(); // so a failure here does not leave the handler installed for the next test
            second.Dispose();
        }
    }

    [Fact]
    public void TooManyFramesForTheMappingLimit_FailsNamingVmMaxMapCount()
    {
        long max = long.Parse(File.ReadAllText("/proc/sys/vm/max_map_count").Trim());
        int frames = (int)Math.Min(int.MaxValue - 1, max / 2 + 1);
        // The SIGSEGV backend only: a userfaultfd region stays one VMA (PagerBackendTests).
        var e = Assert.Throws<PagerException>(() => new UserPager(new PagerOptions { Pages = frames, Frames = frames, Backend = PagerBackend.Sigsegv }));
        Assert.Contains("vm.max_map_count", e.Message);
        Assert.Equal(0, NativeLib.PagerHandlerInstalled());
    }

    [Fact]
    public void BadArgumentsFailWithMessagesThatNameThem()
    {
        var more = Assert.Throws<PagerException>(() => new UserPager(new PagerOptions { Pages = 4, Frames = 8 }));
        Assert.Contains("more frames", more.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new UserPager(new PagerOptions { Pages = 0, Frames = 1 }));
        var missing = Assert.Throws<FileNotFoundException>(() => new UserPager(new PagerOptions { Pages = 4, Frames = 1, BackingFile = "/nonexistent/mmaptk" }));
        Assert.Contains("/nonexistent/mmaptk", missing.Message);
        Assert.Throws<ArgumentException>(() => PagerPolicyNames.Parse("lfu-ish"));
    }

    [Fact]
    public void AnExistingSwapFileIsRefusedAndLeftAsItWas()
    {
        using var dir = new TempDirectory();
        string precious = dir.File("precious.bin", [1, 2, 3]);
        var e = Assert.Throws<PagerException>(() => new UserPager(new PagerOptions { Pages = 4, Frames = 2, SwapFile = precious }));
        Assert.Contains("already exists", e.Message);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(precious));
    }

    [Fact]
    public void ADisposedPagerRefusesEveryAccessor()
    {
        var pager = new UserPager(new PagerOptions { Pages = 4, Frames = 2, Policy = PagerPolicy.Opt });
        var log = pager.OpenEventLog();
        pager.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pager.FrameOf(0));
        Assert.Throws<ObjectDisposedException>(() => pager.PageInFrame(0));
        Assert.Throws<ObjectDisposedException>(() => pager.SetTracePosition(0));
        Assert.Throws<ObjectDisposedException>(() => pager.SetFutureTrace([0, 1]));
        Assert.Throws<ObjectDisposedException>(() => pager.Statistics);
        Assert.Throws<ObjectDisposedException>(() => log.ReadNew());
    }

    // The store half is PagerSignalTests.AFaultNoPagerMayResolveEndsTheProcessInsteadOfLooping("store-readonly").
    [Fact]
    public void AStoreToAReadOnlyRegionIsNotResolved_ButLoadsAre()
    {
        using var dir = new TempDirectory();
        string file = dir.File("ro.bin", Enumerable.Repeat((byte)7, Environment.SystemPageSize * 2).ToArray());
        using var pager = new UserPager(new PagerOptions { Pages = 2, Frames = 1, Writable = false, BackingFile = file });
        Assert.Equal(7, pager.Page(1)[5]);
        Assert.Equal(7, pager.Page(0)[5]);
        Assert.Equal(2, pager.Statistics.FileReads);
    }
}
