using System.Text;
using MmapToolkit.Model.Kernel;
using static MmapToolkit.Model.Tests.Kernel.KernelFixtures;

namespace MmapToolkit.Model.Tests.Kernel;

public class MmapTests
{
    private static Machine WithFile(out string path, int pages = 4, int readahead = 4)
    {
        var m = NewMachine(readahead: readahead);
        path = "/data/input.txt";
        var text = new byte[pages * PageSize];
        for (int i = 0; i < pages; i++) Pattern(i, 7).CopyTo(text, i * PageSize);
        m.Files.CreateFile(path, text);
        return m;
    }

    [Fact]
    public void Shared_writes_reach_the_file_private_writes_do_not()
    {
        var m = WithFile(out var path);
        var p = m.CreateProcess("p");
        int fd = p.Open(path, OpenFlags.ReadWrite);
        long shared = p.Mmap(0, 4 * PageSize, Protection.ReadWrite, MapFlags.Shared, fd);
        long priv = p.Mmap(0, 4 * PageSize, Protection.ReadWrite, MapFlags.Private, fd);
        WritePage(p, priv, Pattern(9));
        WritePage(p, shared + PageSize, Pattern(8));
        var seen = m.Files.ReadThroughCache(path);
        Assert.Equal(Pattern(0, 7), seen[..PageSize]);                       // private write invisible
        Assert.Equal(Pattern(8), seen[PageSize..(2 * PageSize)]);            // shared write visible to read() at once
        Assert.Equal(Pattern(1, 7), m.Files.Get(path).DiskContents()[PageSize..(2 * PageSize)]);   // not on disk yet
        Assert.Equal(1, p.Msync(shared, 4 * PageSize, SyncMode.Sync));
        Assert.Equal(Pattern(8), m.Files.Get(path).DiskContents()[PageSize..(2 * PageSize)]);
        Assert.Equal(1, m.Counters.FileWrites);
        Assert.Equal(0, p.Msync(shared, 4 * PageSize, SyncMode.Sync));      // clean now
    }

    [Fact]
    public void A_memory_file_is_brought_in_without_a_disk_read()
    {
        var m = NewMachine();
        m.Files.CreateFile("/disk.dat", Pattern(0));
        m.Files.CreateMemoryFile("/memfd", Pattern(1));
        var p = m.CreateProcess("p");
        long disk = p.Mmap(0, PageSize, Protection.Read, MapFlags.Shared, p.Open("/disk.dat"));
        long memory = p.Mmap(0, PageSize, Protection.Read, MapFlags.Shared, p.Open("/memfd"));

        Assert.True(p.Touch(disk).Major);
        var r = p.Touch(memory);
        Assert.False(r.Major);
        Assert.Equal(FaultResolution.PageCacheHit, r.Resolution);
        Assert.Equal(Pattern(1), ReadPage(p, memory));
        Assert.Equal(1, p.Counters.MajorFaults);
        Assert.Equal(1, p.Counters.MinorFaults);
        Assert.Equal(1, m.Counters.FileReads);
    }

    [Fact]
    public void Msync_async_queues_the_writeback_for_the_flusher()
    {
        var m = WithFile(out var path);
        var p = m.CreateProcess("p");
        long at = p.Mmap(0, PageSize, Protection.ReadWrite, MapFlags.Shared, p.Open(path, OpenFlags.ReadWrite));
        WritePage(p, at, Pattern(3));
        Assert.Equal(1, p.Msync(at, PageSize, SyncMode.Async));
        Assert.Equal(Pattern(0, 7), m.Files.Get(path).DiskContents()[..PageSize]);
        Assert.Equal(1, m.Writeback());
        Assert.Equal(Pattern(3), m.Files.Get(path).DiskContents()[..PageSize]);
    }

    [Fact]
    public void Munmap_and_exit_write_dirty_shared_pages_back()
    {
        var m = WithFile(out var path);
        var p = m.CreateProcess("p");
        long at = p.Mmap(0, 2 * PageSize, Protection.ReadWrite, MapFlags.Shared, p.Open(path, OpenFlags.ReadWrite));
        WritePage(p, at, Pattern(4));
        WritePage(p, at + PageSize, Pattern(5));
        p.Munmap(at, PageSize);
        Assert.Equal(Pattern(4), m.Files.Get(path).DiskContents()[..PageSize]);
        p.Exit();
        Assert.Equal(Pattern(5), m.Files.Get(path).DiskContents()[PageSize..(2 * PageSize)]);
    }

    [Fact]
    public void Two_processes_sharing_a_mapping_see_each_others_writes()
    {
        var m = NewMachine();
        var parent = m.CreateProcess("p");
        long at = parent.Mmap(0, PageSize, Protection.ReadWrite, MapFlags.Shared | MapFlags.Anonymous);
        var child = parent.Fork();
        Assert.True(child.Write(at, "hello"u8).Succeeded);
        Assert.Equal("hello", Encoding.ASCII.GetString(parent.TryReadBytes(at, 5)!));
        Assert.Equal(parent.FrameOf(at), child.FrameOf(at));
    }

    [Fact]
    public void A_shared_writable_mapping_needs_a_descriptor_open_for_writing()
    {
        var m = WithFile(out var path);
        var p = m.CreateProcess("p");
        int fd = p.Open(path);
        Assert.Equal(ModelErrno.EACCES, Assert.Throws<ModelSyscallException>(() => p.Mmap(0, PageSize, Protection.ReadWrite, MapFlags.Shared, fd)).Errno);
        long at = p.Mmap(0, PageSize, Protection.Read, MapFlags.Shared, fd);
        Assert.Equal(ModelErrno.EACCES, Assert.Throws<ModelSyscallException>(() => p.Mprotect(at, PageSize, Protection.ReadWrite)).Errno);
        Assert.Equal(ModelErrno.EINVAL, Assert.Throws<ModelSyscallException>(() => p.Mmap(0, PageSize, Protection.Read, MapFlags.Shared | MapFlags.Private, fd)).Errno);
        Assert.Equal(ModelErrno.EBADF, Assert.Throws<ModelSyscallException>(() => p.Mmap(0, PageSize, Protection.Read, MapFlags.Shared, 99)).Errno);
    }

    [Fact]
    public void Map_fixed_replaces_what_was_there()
    {
        var m = NewMachine();
        var (p, a) = WithAnonymous(m, 4);
        WritePage(p, a + PageSize, Pattern(1));
        long at = p.Mmap(a + PageSize, PageSize, Protection.Read, MapFlags.Private | MapFlags.Anonymous | MapFlags.Fixed);
        Assert.Equal(a + PageSize, at);
        Assert.All(ReadPage(p, at), b => Assert.Equal(0, b));
        Assert.True(p.Write(at, new byte[] { 1 }).IsSegmentationFault);
        Assert.Equal(3, p.Space.Regions.Count);
    }

    [Fact]
    public void Readahead_follows_the_advice()
    {
        int Reads(Advice advice)
        {
            var m = WithFile(out var path, pages: 16, readahead: 4);
            var p = m.CreateProcess("p");
            long at = p.Mmap(0, 16 * PageSize, Protection.Read, MapFlags.Private, p.Open(path));
            p.Madvise(at, 16 * PageSize, advice);
            Assert.True(p.Touch(at).Major);
            var next = p.Touch(at + PageSize);
            Assert.Equal(advice != Advice.Random, !next.Major);
            return (int)m.Counters.FileReads;
        }
        Assert.Equal(2, Reads(Advice.Random));       // each touched page read alone
        Assert.Equal(4, Reads(Advice.Normal));
        Assert.Equal(8, Reads(Advice.Sequential));
    }

    [Fact]
    public void Willneed_prepages_and_dontneed_drops()
    {
        var m = WithFile(out var path, pages: 8, readahead: 1);
        var p = m.CreateProcess("p");
        long file = p.Mmap(0, 8 * PageSize, Protection.Read, MapFlags.Private, p.Open(path));
        p.Madvise(file, 8 * PageSize, Advice.WillNeed);
        Assert.Equal(8, m.Counters.FileReads);
        Assert.Equal(0, p.Counters.Faults);
        Assert.All(Enumerable.Range(0, 8), i => Assert.False(p.Touch(file + i * PageSize).Major));

        long anon = p.Mmap(0, 2 * PageSize, Protection.ReadWrite, MapFlags.Private | MapFlags.Anonymous);
        WritePage(p, anon, Pattern(1));
        int used = m.Memory.UsedFrames;
        p.Madvise(anon, 2 * PageSize, Advice.DontNeed);
        Assert.Equal(used - 1, m.Memory.UsedFrames);
        Assert.All(ReadPage(p, anon), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Populate_prepages_without_faults()
    {
        var m = NewMachine();
        var p = m.CreateProcess("p");
        long at = p.Mmap(0, 4 * PageSize, Protection.ReadWrite, MapFlags.Private | MapFlags.Anonymous | MapFlags.Populate);
        Assert.Equal(4, p.ResidentPages);
        Assert.Equal(4, p.Counters.ZeroFills);
        for (int i = 0; i < 4; i++) Assert.False(p.Touch(at + i * PageSize, AccessKind.Write).IsFault);
        Assert.Equal(0, p.Counters.Faults);
    }

    [Fact]
    public void Brk_grows_and_shrinks_the_heap()
    {
        var m = NewMachine();
        CreateProgram(m, "/bin/app");
        var p = m.Spawn("/bin/app");
        long start = p.Brk(0);
        Assert.True(p.Touch(start).IsSegmentationFault);
        Assert.Equal(start + 3 * PageSize, p.Brk(start + 3 * PageSize));
        WritePage(p, start + 2 * PageSize, Pattern(2));
        Assert.Equal(1, p.ResidentPages);
        Assert.Equal(start + PageSize, p.Brk(start + PageSize));
        Assert.Equal(0, p.ResidentPages);
        Assert.True(p.Touch(start + 2 * PageSize).IsSegmentationFault);
        Assert.Equal(start + PageSize, p.Brk(start - PageSize));   // below the heap: unchanged
    }

    [Fact]
    public void The_notes_toupper_example_copies_a_file_through_a_private_mapping()
    {
        var m = NewMachine();
        m.Files.CreateFile("input.txt", "hello, paging!"u8);
        m.Files.CreateFile("output.txt", []);
        var p = m.CreateProcess("toupper");
        int fd1 = p.Open("input.txt");
        int fd2 = p.Open("output.txt", OpenFlags.WriteOnly | OpenFlags.Truncate);
        long len = m.Files.Get("input.txt").Length;
        long addr1 = p.Mmap(0, len, Protection.Read, MapFlags.Private, fd1);
        long addr2 = p.Brk(0);
        p.Brk(addr2 + len);
        var input = p.TryReadBytes(addr1, (int)len)!;
        var upper = input.Select(b => (byte)char.ToUpperInvariant((char)b)).ToArray();
        Assert.True(p.Write(addr2, upper).Succeeded);
        p.WriteFile(fd2, 0, p.TryReadBytes(addr2, (int)len)!);
        p.Exit();
        Assert.Equal("HELLO, PAGING!", Encoding.ASCII.GetString(m.Files.Get("output.txt").DiskContents()));
        Assert.Equal("hello, paging!", Encoding.ASCII.GetString(m.Files.Get("input.txt").DiskContents()));
    }
}
