using MmapToolkit.Model.Kernel;

namespace MmapToolkit.Model.Tests.Kernel;

internal static class KernelFixtures
{
    public const int PageSize = 4096;

    /// <summary>A machine that checks its invariants after every system call and access (<see cref="Machine.CheckInvariants"/>),
    /// so every test here also checks the bookkeeping at each step. Only allocation-counting tests turn that off.</summary>
    public static Machine NewMachine(int frames = 64, string policy = "clock", bool zeroPage = true, int readahead = 4,
                                     bool checkInvariants = true)
        => new(new MachineOptions
        {
            Frames = frames, Policy = policy, UseZeroPage = zeroPage, ReadaheadPages = readahead, RecordEvents = true,
            CheckInvariants = checkInvariants,
        });

    /// <summary>A page whose every byte says which page (and which seed) it is.</summary>
    public static byte[] Pattern(int page, int seed = 0)
    {
        var bytes = new byte[PageSize];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(page * 31 + i * 7 + seed * 13 + 1);
        return bytes;
    }

    public static byte[] ReadPage(Process p, long address)
    {
        var buffer = new byte[PageSize];
        var r = p.Read(address, buffer);
        Assert.True(r.Succeeded, r.Explanation);
        return buffer;
    }

    public static void WritePage(Process p, long address, byte[] data)
    {
        var r = p.Write(address, data);
        Assert.True(r.Succeeded, r.Explanation);
    }

    /// <summary>A process with an anonymous private read/write mapping of <paramref name="pages"/> pages.</summary>
    public static (Process Process, long Base) WithAnonymous(Machine m, int pages)
    {
        var p = m.CreateProcess("test");
        long at = p.Mmap(0, (long)pages * PageSize, Protection.ReadWrite, MapFlags.Private | MapFlags.Anonymous);
        return (p, at);
    }

    /// <summary>A program with distinct text pages, data pages and bss.</summary>
    public static void CreateProgram(Machine m, string path, int textPages = 8, int dataPages = 2, int bssPages = 4, params string[] libs)
    {
        var text = new byte[textPages * PageSize];
        for (int i = 0; i < textPages; i++) Pattern(i, 100).CopyTo(text, i * PageSize);
        var data = new byte[dataPages * PageSize];
        for (int i = 0; i < dataPages; i++) Pattern(i, 200).CopyTo(data, i * PageSize);
        m.Files.CreateProgram(path, text, data, bssPages, libs);
    }
}
