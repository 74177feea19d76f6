using System.Runtime.InteropServices;
using MmapToolkit.Interop;
using MmapToolkit.Pager;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>Contents survive eviction and swap-in; zero-fill and file-backed pages read what they should.</summary>
[Collection(PagerCollection.Name)]
public class PagerDataTests
{
    [Fact]
    public void ZeroFillPagesReadAsZero()
    {
        using var pager = new UserPager(new PagerOptions { Pages = 64, Frames = 4, Policy = PagerPolicy.Fifo });
        // Dirty the frames first so a reused frame that was not zeroed would show.
        for (int p = 0; p < 4; p++) pager.Page(p).Fill(0xAB);
        for (int p = 4; p < 64; p++) Assert.True(pager.Page(p).IndexOfAnyExcept((byte)0) < 0, $"page {p} is not all zero");
        var s = pager.Statistics;
        Assert.Equal(64, s.ZeroFills);
        Assert.Equal(4, s.SwapOuts);
    }

    [Fact]
    public void FileBackedPagesReadTheFile_AndPrivateWritesNeverReachIt()
    {
        int ps = Environment.SystemPageSize;
        using var dir = new TempDirectory();
        var contents = new byte[ps * 6 + ps / 2]; // the last page is half file, half zero
        new Random(5).NextBytes(contents);
        string file = dir.File("backing.bin", contents);
        using var pager = new UserPager(new PagerOptions { Pages = 10, Frames = 2, Policy = PagerPolicy.Clock, BackingFile = file });

        for (int p = 0; p < 7; p++)
        {
            int n = Math.Min(ps, contents.Length - p * ps);
            Assert.True(pager.Page(p)[..n].SequenceEqual(contents.AsSpan(p * ps, n)), $"page {p} differs from the file");
            Assert.True(pager.Page(p)[n..].IndexOfAnyExcept((byte)0) < 0, $"page {p} past the end of the file is not zero");
        }
        Assert.True(pager.Page(9).IndexOfAnyExcept((byte)0) < 0);
        // Private stores, evicted (to swap) and read back; the file never changes.
        pager.Page(1).Fill(0x11);
        pager.Page(3).Fill(0x33);
        for (int p = 4; p < 10; p++) Volatile.Read(ref pager.Page(p)[0]); // a plain discarded load would be optimised away
        Assert.True(pager.Page(1).IndexOfAnyExcept((byte)0x11) < 0, "page 1 lost its private contents");
        Assert.True(pager.Page(3).IndexOfAnyExcept((byte)0x33) < 0, "page 3 lost its private contents");
        Assert.True(pager.Page(2)[..ps].SequenceEqual(contents.AsSpan(2 * ps, ps)), "a clean file page read back wrongly after a drop");
        var s = pager.Statistics;
        Assert.True(s.FileReads > 7, "dropped clean file pages are read from the file again");
        Assert.True(s.SwapIns >= 2);
        Assert.Equal(contents, File.ReadAllBytes(file));
    }

    [Theory]
    [InlineData(PagerPolicy.Fifo)]
    [InlineData(PagerPolicy.Clock)]
    [InlineData(PagerPolicy.Lru)]
    [InlineData(PagerPolicy.Random)]
    public void RandomChecksummedWrites_SurviveEvictionAndSwapIn(PagerPolicy policy)
    {
        const int pages = 256, frames = 8;
        using var pager = new UserPager(new PagerOptions { Pages = pages, Frames = frames, Policy = policy, Seed = 3 });
        var versions = new long[pages];
        var rng = new Random(11);
        for (int i = 0; i < 3000; i++)
        {
            int p = rng.Next(pages);
            var words = MemoryMarshal.Cast<byte, ulong>(pager.Page(p));
            if (rng.Next(2) == 0) PagerStress.Fill(words, p, ++versions[p]);
            else Assert.True(PagerStress.Check(words, p, versions[p]), $"page {p} does not hold version {versions[p]}");
        }
        for (int p = 0; p < pages; p++)
            Assert.True(PagerStress.Check(MemoryMarshal.Cast<byte, ulong>(pager.Page(p)), p, versions[p]), $"page {p} lost");
        var s = pager.Statistics;
        Assert.True(s.SwapIns > 100 && s.SwapOuts > 100, $"expected heavy swapping, got {s.SwapIns} swap-ins, {s.SwapOuts} swap-outs");
        Assert.True(s.ResidentPages <= frames);
    }

    [Theory]
    [InlineData(PagerPolicy.Clock)]
    [InlineData(PagerPolicy.Fifo)]
    public void FourThreadsAtOnce_NoPageLost(PagerPolicy policy)
    {
        var result = PagerStress.Run(new PagerStressOptions
        {
            Pages = 512, Frames = 16, Threads = 4, Policy = policy, OperationsPerThread = 2500,
        });
        Assert.Equal(0, result.LostPages);
        Assert.Equal(0, result.BadReads);
        Assert.Equal(512, result.PagesVerified);
        Assert.True(result.Counts.SwapIns > 0 && result.Counts.SwapOuts > 0);
    }

    [Fact]
    public void NativeAndManagedAccessesSeeTheSameData()
    {
        int ps = Environment.SystemPageSize;
        using var pager = new UserPager(new PagerOptions { Pages = 16, Frames = 2, Policy = PagerPolicy.Fifo });
        for (int p = 0; p < 16; p++) NativeLib.PagerNativeFill(pager.BaseAddress + p * ps, (nuint)ps, (byte)(p + 1));
        for (int p = 0; p < 16; p++) Assert.True(pager.Page(p).IndexOfAnyExcept((byte)(p + 1)) < 0, $"page {p} (written natively) reads wrongly");
        for (int p = 0; p < 16; p++) pager.Page(p).Fill((byte)(100 + p));
        for (int p = 0; p < 16; p++) Assert.Equal((ulong)(100 + p) * (ulong)ps, NativeLib.PagerNativeSum(pager.BaseAddress + p * ps, (nuint)ps));
    }
}
