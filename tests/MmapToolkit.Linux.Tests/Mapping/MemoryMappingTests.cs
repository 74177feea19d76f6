using MmapToolkit.Mapping;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Mapping;

public class MemoryMappingTests
{
    private static readonly int Page = MemoryMapping.SystemPageSize;

    [Fact]
    public void SharedWriteReachesTheFileAfterMsync()
    {
        using var dir = new TempDirectory();
        string path = dir.File("shared.dat", new byte[2 * Page]);
        using (var map = new MappingOptions().Shared().MapFile(path))
        {
            "hello, file"u8.CopyTo(map.Span[Page..]);
            map.Sync(SyncFlags.Sync);
            byte[] onDisk = File.ReadAllBytes(path);
            Assert.Equal("hello, file"u8.ToArray(), onDisk[Page..(Page + 11)]);
        }
    }

    [Fact]
    public void PrivateWriteNeverReachesTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("private.dat", new byte[Page]);
        using (var map = new MappingOptions().Private().MapFile(path))
        {
            map.Span.Fill(0xAB);
            Assert.Equal(0xAB, map.Span[17]);
        }
        Assert.All(File.ReadAllBytes(path), b => Assert.Equal(0, b));
    }

    [Fact]
    public void ReadOnlyFileMappingSeesTheFileBytes()
    {
        using var dir = new TempDirectory();
        byte[] contents = Enumerable.Range(0, 3 * Page).Select(i => (byte)(i * 7)).ToArray();
        string path = dir.File("ro.dat", contents);
        using var map = new MappingOptions().Protection(Protection.Read).Offset(Page).MapFile(path);
        Assert.Equal(2 * Page, map.Length);
        Assert.True(map.Span.SequenceEqual(contents.AsSpan(Page)));
    }

    [Fact]
    public void DontNeedMakesPrivateAnonymousPagesReadBackAsZeros()
    {
        using var map = new MappingOptions().Length(4 * Page).MapAnonymous();
        map.Span.Fill(0x5A);
        map.Pages(1, 2).Advise(Advice.DontNeed);
        Assert.All(map.Page(0).ToArray(), b => Assert.Equal(0x5A, b));
        Assert.All(map.Pages(1, 2).Span.ToArray(), b => Assert.Equal(0, b));
        Assert.All(map.Page(3).ToArray(), b => Assert.Equal(0x5A, b));
    }

    [Fact]
    public void MincoreReportsExactlyThePagesTouched()
    {
        int[] touched = [0, 3, 4, 9, 31];
        using var map = new MappingOptions().Length(32 * Page).MapAnonymous();
        map.Advise(Advice.NoHugePage);
        foreach (int page in touched) map.Page(page)[0] = 1;

        bool[] resident = map.Residency();

        Assert.Equal(Enumerable.Range(0, 32).Select(touched.Contains), resident);
    }

    [Fact]
    public void PopulatedMappingIsResidentBeforeAnyTouch()
    {
        using var map = new MappingOptions().Length(8 * Page).Populate().MapAnonymous();
        Assert.All(map.Residency(), Assert.True);
    }

    [Fact]
    public void ProtectReadOnlyThenBackToReadWrite()
    {
        using var map = new MappingOptions().Length(2 * Page).MapAnonymous();
        map.Protect(Protection.Read);
        Assert.Equal(Protection.Read, map.Protection);
        map.Protect(Protection.ReadWrite);
        map.Span[0] = 9;
        Assert.Equal(9, map.Span[0]);
    }

    [Fact]
    public void DisposeUnmapsExactlyOnce()
    {
        // An odd size and PROT_NONE, so that no mapping another test makes in parallel can look like this one.
        long length = 11 * Page;
        var map = new MappingOptions().Length(length).Protection(Protection.None).MapAnonymous();
        nint address = map.Address;
        Assert.True(ProcMaps.HasMapping(address, length));
        map.Dispose();
        map.Dispose();
        Assert.True(map.IsDisposed);
        Assert.False(ProcMaps.HasMapping(address, length));
    }

    [Fact]
    public void ResizeGrowsTheMappingAndKeepsItsContents()
    {
        using var map = new MappingOptions().Length(Page).MapAnonymous();
        map.Span[5] = 42;
        map.Resize(4 * Page);
        Assert.Equal(4, map.PageCount);
        Assert.Equal(42, map.Span[5]);
        map.Page(3)[0] = 1;
    }

    [Fact]
    public void FixedPlacesTheMappingAtTheAddress()
    {
        using var reserve = new MappingOptions().Length(4 * Page).Protection(Protection.None).MapAnonymous();
        nint target = reserve.Address + 2 * Page;
        using var fixedMap = new MappingOptions().Length(Page).Fixed(target).MapAnonymous();
        Assert.Equal(target, fixedMap.Address);
        fixedMap.Span[0] = 1;
    }

    [Fact]
    public void TerabyteOfNoReserveAddressSpaceKeepsTheResidentSetTiny()
    {
        long terabyte = 1L << 40;
        using var map = new MappingOptions().Length(terabyte).NoReserve().MapAnonymous();
        map.Advise(Advice.NoHugePage);
        map.GetSpan(terabyte / 2, 1)[0] = 1;
        map.GetSpan(terabyte - 1, 1)[0] = 2;
        Assert.Equal(2, map.GetSpan(terabyte - 1, 1)[0]);
    }
}
