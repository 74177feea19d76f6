using MmapToolkit.Model.Kernel;
using static MmapToolkit.Model.Tests.Kernel.KernelFixtures;

namespace MmapToolkit.Model.Tests.Kernel;

public class ExecTests
{
    [Fact]
    public void Execve_loads_nothing_and_text_comes_in_on_demand()
    {
        var m = NewMachine();
        CreateProgram(m, "/bin/app");
        var p = m.Spawn("/bin/app");
        Assert.Equal(0, m.Memory.UsedFrames);
        Assert.Equal(PageState.FileBacked, p.Describe(Layout.TextBase).State);
        var r = p.Touch(Layout.TextBase + 2 * PageSize, AccessKind.Execute);
        Assert.Equal((FaultCause.FileBacked, FaultResolution.ReadFromFile, true), (r.Cause, r.Resolution, r.Major));
        Assert.Equal(Pattern(2, 100), ReadPage(p, Layout.TextBase + 2 * PageSize));
    }

    [Fact]
    public void Text_pages_are_shared_by_two_processes_running_one_program()
    {
        var m = NewMachine(readahead: 1);
        CreateProgram(m, "/bin/app");
        var a = m.Spawn("/bin/app");
        var b = m.Spawn("/bin/app");
        Assert.True(a.Touch(Layout.TextBase, AccessKind.Execute).Major);
        var second = b.Touch(Layout.TextBase, AccessKind.Execute);
        Assert.Equal(FaultResolution.PageCacheHit, second.Resolution);
        Assert.False(second.Major);
        Assert.Equal(a.FrameOf(Layout.TextBase), b.FrameOf(Layout.TextBase));
        Assert.Equal(2, a.ShareCount(Layout.TextBase));
        Assert.Equal(1, m.Counters.FileReads);
    }

    [Fact]
    public void Text_victims_are_dropped_never_written_back()
    {
        var m = NewMachine(frames: 3, policy: "lru", readahead: 1);
        CreateProgram(m, "/bin/app", textPages: 8);
        var original = m.Files.Get("/bin/app").DiskContents();
        var p = m.Spawn("/bin/app");
        for (int round = 0; round < 2; round++)
            for (int i = 0; i < 8; i++) Assert.True(p.Touch(Layout.TextBase + i * PageSize, AccessKind.Execute).Succeeded);
        // LRU with 3 frames over a cyclic walk of 8 pages misses every time (the page needed next is always the one
        // evicted longest ago): 16 misses, the first 3 take free frames, each of the other 13 evicts one.
        Assert.Equal(13, m.Counters.Evictions);
        Assert.Equal(0, m.Counters.FileWrites);
        Assert.Equal(0, m.Counters.SwapOuts);
        Assert.Equal(16, m.Counters.FileReads);   // every miss re-reads the page from the program file
        Assert.Equal(original, m.Files.Get("/bin/app").DiskContents());
    }

    [Fact]
    public void Etxtbsy_when_opening_a_running_program_for_writing()
    {
        var m = NewMachine();
        CreateProgram(m, "/bin/app");
        var runner = m.Spawn("/bin/app");
        var other = m.CreateProcess("editor");
        var e = Assert.Throws<ModelSyscallException>(() => other.Open("/bin/app", OpenFlags.WriteOnly));
        Assert.Equal(ModelErrno.ETXTBSY, e.Errno);
        Assert.Equal(ModelErrno.ETXTBSY, Assert.Throws<ModelSyscallException>(() => other.Open("/bin/app", OpenFlags.Truncate)).Errno);
        other.Close(other.Open("/bin/app"));   // reading is fine
        runner.Exit();
        other.Close(other.Open("/bin/app", OpenFlags.ReadWrite));   // nobody runs it any more
    }

    [Fact]
    public void Etxtbsy_when_executing_a_program_open_for_writing()
    {
        var m = NewMachine();
        CreateProgram(m, "/bin/app");
        var editor = m.CreateProcess("editor");
        int fd = editor.Open("/bin/app", OpenFlags.ReadWrite);
        var e = Assert.Throws<ModelSyscallException>(() => m.Spawn("/bin/app"));
        Assert.Equal(ModelErrno.ETXTBSY, e.Errno);
        Assert.Contains("ETXTBSY", e.Message);
        editor.Close(fd);
        Assert.True(m.Spawn("/bin/app").IsAlive);
    }

    [Fact]
    public void Bss_reads_as_zero_and_costs_no_frame_until_written()
    {
        var m = NewMachine();
        CreateProgram(m, "/bin/app", textPages: 2, dataPages: 1, bssPages: 4);
        var p = m.Spawn("/bin/app");
        long bss = Layout.TextBase + 3 * PageSize;
        Assert.Equal(RegionKind.Bss, p.Describe(bss).Region!.Kind);
        Assert.Equal(0, m.Memory.UsedFrames);
        Assert.All(ReadPage(p, bss), b => Assert.Equal(0, b));
        Assert.Equal(0, m.Memory.UsedFrames);
        Assert.True(p.Describe(bss).IsZeroPage);
        WritePage(p, bss, Pattern(1));
        Assert.Equal(1, m.Memory.UsedFrames);
        Assert.Equal(1, p.Counters.ZeroFills);
    }

    [Fact]
    public void Without_the_zero_page_a_bss_read_zero_fills_a_frame()
    {
        var m = NewMachine(zeroPage: false);
        CreateProgram(m, "/bin/app", textPages: 2, dataPages: 1, bssPages: 4);
        var p = m.Spawn("/bin/app");
        long bss = Layout.TextBase + 3 * PageSize;
        Assert.All(ReadPage(p, bss), b => Assert.Equal(0, b));
        Assert.Equal(1, m.Memory.UsedFrames);
        Assert.Equal(FaultResolution.ZeroFilled, p.Touch(bss + PageSize).Resolution);
    }

    [Fact]
    public void Data_is_private_copy_on_write_from_the_file()
    {
        var m = NewMachine();
        CreateProgram(m, "/bin/app", textPages: 2, dataPages: 2);
        var a = m.Spawn("/bin/app");
        var b = m.Spawn("/bin/app");
        long data = Layout.TextBase + 2 * PageSize;
        Assert.Equal(Pattern(0, 200), ReadPage(a, data));
        WritePage(a, data, Pattern(5));
        Assert.Equal(Pattern(0, 200), ReadPage(b, data));
        Assert.Equal(Pattern(5), ReadPage(a, data));
        Assert.Equal(Pattern(0, 200), m.Files.Get("/bin/app").DiskContents().AsSpan(2 * PageSize, PageSize).ToArray());
    }

    [Fact]
    public void A_shared_library_shares_text_but_not_writable_data()
    {
        var m = NewMachine(readahead: 1);
        m.Files.CreateLibrary("/lib/libc.so", new byte[2 * PageSize], new byte[PageSize], 1);
        CreateProgram(m, "/bin/app", 1, 1, 1, "/lib/libc.so");
        var a = m.Spawn("/bin/app");
        var b = m.Spawn("/bin/app");
        var libText = a.Space.Regions.Single(r => r.Kind == RegionKind.LibraryText);
        var libData = a.Space.Regions.Single(r => r.Kind == RegionKind.LibraryData);
        long t = libText.StartPage * PageSize, d = libData.StartPage * PageSize;
        Assert.True(a.Touch(t, AccessKind.Execute).Succeeded);
        Assert.True(b.Touch(t, AccessKind.Execute).Succeeded);
        Assert.Equal(a.FrameOf(t), b.FrameOf(t));
        Assert.True(a.Write(d, new byte[] { 1 }).Succeeded);
        Assert.True(b.Write(d, new byte[] { 2 }).Succeeded);
        Assert.NotEqual(a.FrameOf(d), b.FrameOf(d));
        Assert.Equal((1, 2), (ReadPage(a, d)[0], ReadPage(b, d)[0]));
    }

    [Fact]
    public void Exit_releases_every_frame_and_the_programs_busy_state()
    {
        var m = NewMachine();
        CreateProgram(m, "/bin/app");
        var p = m.Spawn("/bin/app");
        WritePage(p, Layout.TextBase + 8 * PageSize, Pattern(1));     // data
        Assert.Equal(1, m.Files.Get("/bin/app").ExecutingCount);
        p.Exit();
        Assert.Equal(0, m.Files.Get("/bin/app").ExecutingCount);
        Assert.DoesNotContain(Enumerable.Range(0, m.Memory.Frames), f => m.Memory[f].Use == FrameUse.Anonymous);
        Assert.Throws<ModelSyscallException>(() => p.Touch(Layout.TextBase));
    }
}
