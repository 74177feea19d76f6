using MmapToolkit.Mapping;
using MmapToolkit.Observers;

namespace MmapToolkit.Linux.Tests.Observers;

[Collection(KernelCountersCollection.Name)]
public class PageMapTests
{
    [Fact]
    public void UntouchedPagesAreAbsentAndWrittenOnesPresentExclusiveAndAnonymous()
    {
        using var m = PageTouch.FreshPages(8);
        PageTouch.Write(m.Span, m.PageSize, 0, 3, 1);
        using var map = PageMap.OfSelf();

        var entries = map.Read(m.Address, 8);

        Assert.All(entries[..3], e =>
        {
            Assert.True(e.IsPresent);
            Assert.True(e.IsExclusive);
            Assert.False(e.IsFileOrSharedAnon);
            Assert.False(e.IsSwapped);
        });
        Assert.All(entries[3..], e => Assert.False(e.IsPresent));
        Assert.All(entries[3..], e => Assert.Null(e.Pfn));
    }

    [Fact]
    public void FramesAndShareCountsNeedRoot()
    {
        using var m = PageTouch.FreshPages(2);
        PageTouch.Write(m.Span, m.PageSize, 0, 2, 1);
        using var map = PageMap.OfSelf();
        var entries = map.Read(m.Address, 2);

        if (Privileges.SeesFrames)
        {
            Assert.True(PageMap.PfnsVisible);
            Assert.True(PhysicalPages.IsAvailable);
            Assert.NotNull(entries[0].Pfn);
            Assert.NotEqual(entries[0].Pfn, entries[1].Pfn);
            Assert.Equal(1, PhysicalPages.ShareCount(entries[0]));
            var flags = PhysicalPages.Flags(entries[0]);
            Assert.True(flags.HasFlag(KernelPageFlags.Anon), flags.ToString());
            Assert.True(flags.HasFlag(KernelPageFlags.Mmap), flags.ToString());
        }
        else
        {
            Assert.False(PageMap.PfnsVisible);
            Assert.Null(entries[0].Pfn);
            Assert.Throws<RootRequiredException>(() => entries[0].RequirePfn());
            Assert.Throws<RootRequiredException>(() => PhysicalPages.ShareCount(entries[0]));
            Assert.Contains("root", PhysicalPages.UnavailableReason);
        }
    }

    [Fact]
    public void ReadingFreshPagesMapsWhatTheKernelProfileSays()
    {
        bool zeroPage = MmapToolkit.Profile.KernelProfile.Current.ZeroPageOnRead;
        using var m = PageTouch.FreshPages(4);
        PageTouch.Read(m.Span, m.PageSize, 0, 4);
        using var map = PageMap.OfSelf();
        var entries = map.Read(m.Address, 4);

        Assert.All(entries, e => Assert.True(e.IsPresent));
        Assert.All(entries, e => Assert.Equal(!zeroPage, e.IsExclusive));   // the zero page is mapped by many
        if (Privileges.SeesFrames)
        {
            Assert.Equal(zeroPage ? 1 : 4, entries.Select(e => e.Pfn).Distinct().Count());
            Assert.Equal(zeroPage, PhysicalPages.Flags(entries[0]).HasFlag(KernelPageFlags.ZeroPage));
        }
        else
        {
            Assert.Throws<RootRequiredException>(() => PhysicalPages.Flags(entries[0]));
        }
    }

    [Fact]
    public void SharedAnonymousPagesCarryTheFileOrSharedBit()
    {
        using var m = new MappingOptions().Length(2L * Environment.SystemPageSize).Shared().MapAnonymous();
        m.Span[0] = 1;
        using var map = PageMap.OfSelf();
        var e = map.Read(m.Address);
        Assert.True(e.IsPresent);
        Assert.True(e.IsFileOrSharedAnon);
    }

    [Fact]
    public void AnotherProcessesPagemapCanBeOpenedByPid()
    {
        using var map = PageMap.Open(Environment.ProcessId);
        using var m = PageTouch.FreshPages(1);
        m.Span[0] = 1;
        Assert.True(map.Read(m.Address).IsPresent);
        Assert.Equal(Environment.ProcessId, map.Pid);
    }

    [Fact]
    public void AMissingPidIsAClearError()
    {
        int pid = UnusedPid();
        var e = Assert.Throws<ProcessNotFoundException>(() => PageMap.Open(pid));
        Assert.Contains(pid.ToString(), e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PageMap.Open(0));
    }

    [Fact]
    public void EntryBitsDecodeAsDocumented()
    {
        var present = new PageMapEntry((1UL << 63) | (1UL << 56) | 0x1234);
        Assert.True(present.IsPresent);
        Assert.True(present.IsExclusive);
        Assert.False(present.IsFileOrSharedAnon);
        Assert.Equal(0x1234UL, present.Pfn);

        var swapped = new PageMapEntry((1UL << 62) | (77UL << 5) | 3);
        Assert.True(swapped.IsSwapped);
        Assert.Null(swapped.Pfn);
        Assert.Equal(3, swapped.SwapType);
        Assert.Equal(77, swapped.SwapOffset);

        var file = new PageMapEntry((1UL << 63) | (1UL << 61));
        Assert.True(file.IsFileOrSharedAnon);
        Assert.Null(file.Pfn);   // present with the PFN field hidden (what a non-root reader sees)
    }

    internal static int UnusedPid()
    {
        int max = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim());
        for (int pid = max - 1; pid > 1; pid--)
            if (!Directory.Exists($"/proc/{pid}")) return pid;
        throw new InvalidOperationException("every pid is in use");
    }
}
