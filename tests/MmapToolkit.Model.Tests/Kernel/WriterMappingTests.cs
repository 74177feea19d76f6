using MmapToolkit.Model.Kernel;
using static MmapToolkit.Model.Tests.Kernel.KernelFixtures;

namespace MmapToolkit.Model.Tests.Kernel;

/// <summary>
/// A mapping made through a descriptor open for writing keeps the file open for writing (as a Linux vma holds its
/// struct file), so execve of the file fails with ETXTBSY until the mapping's last page goes.
/// </summary>
public class WriterMappingTests
{
    private const string App = "/bin/app";

    private static (Machine M, Process Mapper, long At) MappedThroughClosedDescriptor(
        int pages = 3, Protection protection = Protection.ReadWrite, MapFlags flags = MapFlags.Shared)
    {
        var m = NewMachine();
        CreateProgram(m, App);
        var mapper = m.CreateProcess("mapper");
        int fd = mapper.Open(App, OpenFlags.ReadWrite);
        long at = mapper.Mmap(0, (long)pages * PageSize, protection, flags, fd);
        mapper.Close(fd);
        return (m, mapper, at);
    }

    private static void AssertBusy(Machine m)
    {
        var e = Assert.Throws<ModelSyscallException>(() => m.Spawn(App));
        Assert.Equal(ModelErrno.ETXTBSY, e.Errno);
    }

    private static void AssertRunsAndRelease(Machine m)
    {
        Assert.Equal(0, m.Files.Get(App).WriterMappings);
        m.Spawn(App).Exit();
    }

    [Fact]
    public void A_shared_writable_mapping_keeps_the_program_busy_after_its_descriptor_is_closed()
    {
        var (m, mapper, at) = MappedThroughClosedDescriptor();
        Assert.Equal(0, m.Files.Get(App).WritersCount);
        var e = Assert.Throws<ModelSyscallException>(() => m.Spawn(App));
        Assert.Equal(ModelErrno.ETXTBSY, e.Errno);
        Assert.Contains("1 mapping made through a writable descriptor", e.Message);
        mapper.Munmap(at, 3 * PageSize);
        AssertRunsAndRelease(m);
    }

    [Theory]
    [InlineData(Protection.Read, MapFlags.Shared)]
    [InlineData(Protection.ReadWrite, MapFlags.Private)]
    public void Any_mapping_through_a_writable_descriptor_keeps_it_busy_as_on_linux(Protection protection, MapFlags flags)
    {
        var (m, mapper, at) = MappedThroughClosedDescriptor(1, protection, flags);
        AssertBusy(m);
        mapper.Munmap(at, PageSize);
        AssertRunsAndRelease(m);
    }

    [Fact]
    public void A_mapping_through_a_read_only_descriptor_does_not()
    {
        var m = NewMachine();
        CreateProgram(m, App);
        var mapper = m.CreateProcess("mapper");
        int fd = mapper.Open(App);
        mapper.Mmap(0, PageSize, Protection.Read, MapFlags.Shared, fd);
        Assert.Equal(0, m.Files.Get(App).WriterMappings);
        Assert.True(m.Spawn(App).IsAlive);
    }

    [Fact]
    public void Partial_munmaps_release_it_only_when_the_last_page_goes()
    {
        var (m, mapper, at) = MappedThroughClosedDescriptor();
        mapper.Munmap(at + PageSize, PageSize);            // splits the region in two
        AssertBusy(m);
        mapper.Munmap(at, PageSize);
        AssertBusy(m);
        mapper.Munmap(at + 2 * PageSize, PageSize);
        AssertRunsAndRelease(m);
    }

    [Fact]
    public void Mprotect_splits_keep_it_and_a_whole_munmap_releases_every_piece_once()
    {
        var (m, mapper, at) = MappedThroughClosedDescriptor();
        mapper.Mprotect(at + PageSize, PageSize, Protection.Read);   // three regions; read-only does not release
        Assert.Equal(3, mapper.Space.Regions.Count);
        AssertBusy(m);
        mapper.Munmap(at, 3 * PageSize);
        AssertRunsAndRelease(m);
    }

    [Fact]
    public void A_fork_childs_copy_holds_its_own_reference()
    {
        var (m, parent, at) = MappedThroughClosedDescriptor();
        var child = parent.Fork();
        parent.Munmap(at, 3 * PageSize);
        AssertBusy(m);
        child.Exit();
        AssertRunsAndRelease(m);
    }

    [Fact]
    public void Exit_or_exec_of_the_mapping_process_releases_it()
    {
        var (m, mapper, _) = MappedThroughClosedDescriptor();
        mapper.Exit();
        AssertRunsAndRelease(m);

        var (m2, mapper2, _) = MappedThroughClosedDescriptor();
        CreateProgram(m2, "/bin/other");
        mapper2.Exec("/bin/other");
        AssertRunsAndRelease(m2);
    }

    [Fact]
    public void Map_fixed_releases_it_only_when_it_replaces_the_whole_region()
    {
        var (m, mapper, at) = MappedThroughClosedDescriptor();
        mapper.Mmap(at, PageSize, Protection.ReadWrite, MapFlags.Private | MapFlags.Anonymous | MapFlags.Fixed);
        AssertBusy(m);
        mapper.Mmap(at, 3 * PageSize, Protection.ReadWrite, MapFlags.Private | MapFlags.Anonymous | MapFlags.Fixed);
        AssertRunsAndRelease(m);
    }

    [Fact]
    public void A_running_program_cannot_be_mapped_shared_and_writable()
    {
        // As on Linux: no writable descriptor can be had (ETXTBSY), and a read-only one gives EACCES for PROT_WRITE.
        var m = NewMachine();
        CreateProgram(m, App);
        m.Spawn(App);
        var other = m.CreateProcess("mapper");
        Assert.Equal(ModelErrno.ETXTBSY, Assert.Throws<ModelSyscallException>(() => other.Open(App, OpenFlags.ReadWrite)).Errno);
        int fd = other.Open(App);
        var e = Assert.Throws<ModelSyscallException>(() => other.Mmap(0, PageSize, Protection.ReadWrite, MapFlags.Shared, fd));
        Assert.Equal(ModelErrno.EACCES, e.Errno);
        Assert.True(other.Mmap(0, PageSize, Protection.Read, MapFlags.Shared, fd) > 0);
    }
}
