using MmapToolkit.Observers;

namespace MmapToolkit.Linux.Tests.Observers;

[Collection(KernelCountersCollection.Name)]
public class SmapsTests
{
    private const string Sample = """
        55d0c0a00000-55d0c0a21000 rw-p 00000000 00:00 0                          [heap]
        Size:                132 kB
        KernelPageSize:        4 kB
        MMUPageSize:           4 kB
        Rss:                  12 kB
        Pss:                   8 kB
        Shared_Clean:          4 kB
        Shared_Dirty:          0 kB
        Private_Clean:         0 kB
        Private_Dirty:         8 kB
        Referenced:           12 kB
        Anonymous:             8 kB
        AnonHugePages:         0 kB
        Swap:                  0 kB
        SwapPss:               0 kB
        Locked:                0 kB
        THPeligible:           0
        VmFlags: rd wr mr mw me ac sd
        7f0000000000-7f0000002000 r--s 00001000 08:01 1234                       /tmp/a file (deleted)
        Size:                  8 kB
        Rss:                   8 kB
        Pss:                   2 kB
        VmFlags: rd sh mr mw me ms sd
        """;

    [Fact]
    public void ParsesHeadersFiguresAndFlags()
    {
        var maps = Smaps.Parse(Sample);

        Assert.Equal(2, maps.Count);
        var heap = maps[0];
        Assert.Equal(0x55d0c0a00000UL, heap.Start);
        Assert.Equal(0x21000UL, heap.Length);
        Assert.Equal("rw-p", heap.Permissions);
        Assert.Equal("[heap]", heap.Name);
        Assert.True(heap.IsAnonymous);
        Assert.False(heap.IsShared);
        Assert.Equal(12, heap.Figures.RssKb);
        Assert.Equal(8, heap.Figures.PssKb);
        Assert.Equal(8, heap.Figures.PrivateKb);
        Assert.Equal(4, heap.Figures.SharedKb);
        Assert.Equal(8, heap.Figures.AnonymousKb);
        Assert.Equal(12, heap.Figures.All["Referenced"]);
        Assert.Equal(["rd", "wr", "mr", "mw", "me", "ac", "sd"], heap.VmFlags);

        var file = maps[1];
        Assert.Equal("/tmp/a file (deleted)", file.Name);
        Assert.Equal(0x1000UL, file.Offset);
        Assert.Equal("08:01", file.Device);
        Assert.Equal(1234UL, file.Inode);
        Assert.True(file.IsShared);
        Assert.False(file.IsAnonymous);
        Assert.Equal(2, file.Figures.PssKb);
    }

    [Fact]
    public void GarbageIsAFormatErrorNamingTheLine()
    {
        var e = Assert.Throws<FormatException>(() => Smaps.Parse("Rss: 4 kB\n", "test-smaps"));
        Assert.Contains("test-smaps, line 1", e.Message);
    }

    [Fact]
    public void OwnMappingShowsExactlyTheWrittenPages()
    {
        const int written = 24;
        using var m = PageTouch.FreshPages(64);
        PageTouch.Write(m.Span, m.PageSize, 0, written, 3);

        var mine = Assert.Single(Smaps.Read(Environment.ProcessId), s => s.Start == (ulong)m.Address);
        long kb = written * (long)m.PageSize / 1024;

        Assert.Equal((ulong)m.Length, mine.Length);
        Assert.Equal(kb, mine.Figures.RssKb);
        Assert.Equal(kb, mine.Figures.PssKb);
        Assert.Equal(kb, mine.Figures.PrivateDirtyKb);
        Assert.Equal(kb, mine.Figures.AnonymousKb);
        Assert.Equal(0, mine.Figures.SharedKb);
        Assert.Contains("nh", mine.VmFlags);   // the NoHugePage advice
    }

    [Fact]
    public void RollupOfSelfHasResidentMemory()
    {
        var rollup = Smaps.ReadRollup(Environment.ProcessId);
        Assert.True(rollup.RssKb > 0);
        Assert.True(rollup.PssKb > 0 && rollup.PssKb <= rollup.RssKb);
        Assert.Equal(rollup.RssKb, rollup.PrivateKb + rollup.SharedKb);
    }

    [Fact]
    public void AMissingPidIsAClearError()
    {
        int pid = PageMapTests.UnusedPid();
        var e = Assert.Throws<ProcessNotFoundException>(() => Smaps.Read(pid));
        Assert.Contains($"no process with pid {pid}", e.Message);
        Assert.Throws<ProcessNotFoundException>(() => Smaps.ReadRollup(pid));
    }
}
