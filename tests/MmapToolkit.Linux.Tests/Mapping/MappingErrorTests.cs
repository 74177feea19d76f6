using MmapToolkit.Files;
using MmapToolkit.Interop;
using MmapToolkit.Mapping;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Mapping;

/// <summary>Bad input gets a typed exception whose message names the problem; nothing crashes.</summary>
public class MappingErrorTests
{
    private static readonly int Page = MemoryMapping.SystemPageSize;

    [Fact]
    public void UnalignedFixedAddressIsRejectedWithThePageSize()
    {
        var e = Assert.Throws<ArgumentException>(() => new MappingOptions().Fixed(0x10001));
        Assert.Contains("0x10001 is not page-aligned", e.Message);
        Assert.Contains(Page.ToString(), e.Message);
    }

    [Fact]
    public void UnalignedAddressReachingTheKernelBecomesEinvalNamingTheCall()
    {
        using var map = new MappingOptions().Length(2 * Page).MapAnonymous();
        var e = Assert.Throws<InvalidSyscallArgumentException>(
            () => PageRangeCalls.Protect(map.Address + 1, Page, Protection.ReadWrite));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.StartsWith($"mprotect(0x{map.Address + 1:x}, {Page}, READ|WRITE) failed: EINVAL (", e.Message);
    }

    [Fact]
    public void ZeroLengthIsRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MappingOptions().Length(0));
        Assert.Contains("length must be positive", e.Message);
    }

    [Fact]
    public void AnonymousMappingWithoutLengthSaysWhatIsMissing()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new MappingOptions().MapAnonymous());
        Assert.Contains("needs a length", e.Message);
    }

    [Fact]
    public void UnalignedOffsetIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MappingOptions().Offset(100));

    [Fact]
    public void OffsetBeyondTheFileIsRejectedNamingTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("small.dat", new byte[Page]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MappingOptions().Offset(2 * Page).MapFile(path));
        Assert.Contains($"offset {2 * Page} is at or beyond the end of '{path}' ({Page} bytes)", e.Message);
    }

    [Fact]
    public void LengthPastTheEndOfTheFileIsRejectedBeforeItCanRaiseSigbus()
    {
        using var dir = new TempDirectory();
        string path = dir.File("small.dat", new byte[Page]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MappingOptions().Length(3 * Page).MapFile(path));
        Assert.Contains("SIGBUS", e.Message);
    }

    [Fact]
    public void WritableSharedMappingOfAReadOnlyFileIsAccessDenied()
    {
        using var dir = new TempDirectory();
        string path = dir.File("ro.dat", new byte[Page]);
        using var readOnly = PosixFile.OpenReadOnly(path);
        var e = Assert.Throws<AccessDeniedException>(() => new MappingOptions().Shared().MapFile(readOnly));
        Assert.Equal(Errno.EACCES, e.Errno);
        Assert.StartsWith("mmap(NULL, 4096, READ|WRITE, SHARED, fd ", e.Message.Replace(Page.ToString(), "4096"));
        Assert.Contains("needs the file open for reading and writing", e.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<SyscallFileNotFoundException>(() => new MappingOptions().MapFile("/no/such/file"));
        Assert.Contains("open(\"/no/such/file\", O_RDONLY) failed: ENOENT", e.Message);
    }

    [Fact]
    public void EmptyFileSaysThereIsNothingToMap()
    {
        using var dir = new TempDirectory();
        string path = dir.File("empty.dat", []);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MappingOptions().MapFile(path));
        Assert.Contains("is empty", e.Message);
    }

    [Fact]
    public void FixedNoReplaceOverAnExistingMappingIsAddressInUse()
    {
        using var existing = new MappingOptions().Length(Page).MapAnonymous();
        var e = Assert.Throws<AddressInUseException>(
            () => new MappingOptions().Length(Page).FixedNoReplace(existing.Address).MapAnonymous());
        Assert.Equal(Errno.EEXIST, e.Errno);
    }

    [Fact]
    public void UsingADisposedMappingIsObjectDisposed()
    {
        var map = new MappingOptions().Length(Page).MapAnonymous();
        map.Dispose();
        Assert.Throws<ObjectDisposedException>(() => map.Address);
        Assert.Throws<ObjectDisposedException>(() => map.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => map.Protect(Protection.Read));
        Assert.Throws<ObjectDisposedException>(() => map.Residency());
        Assert.Throws<ObjectDisposedException>(() => map.Pages(0, 1));
    }

    [Fact]
    public void SliceOutsideTheMappingIsRejected()
    {
        using var map = new MappingOptions().Length(2 * Page).MapAnonymous();
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Pages(1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Page(2));
    }

    [Fact]
    public void MsyncNeedsExactlyOneOfSyncAndAsync()
    {
        using var map = new MappingOptions().Length(Page).Shared().MapAnonymous();
        Assert.Throws<ArgumentException>(() => map.Sync(SyncFlags.Sync | SyncFlags.Async));
        Assert.Throws<ArgumentException>(() => map.Sync(SyncFlags.Invalidate));
    }

    [Fact]
    public void OpeningARunningProgramForWritingIsTextFileBusy()
    {
        using var dir = new TempDirectory();
        string program = dir.File("sleeper");
        File.Copy("/bin/sleep", program);
        using var running = System.Diagnostics.Process.Start(program, "30");
        try
        {
            var e = Assert.Throws<TextFileBusyException>(() => PosixFile.OpenWriteOnly(program));
            Assert.Equal(Errno.ETXTBSY, e.Errno);
            Assert.Contains("is a program that is running now", e.Message);
        }
        finally
        {
            running.Kill();
            running.WaitForExit();
        }
    }
}
