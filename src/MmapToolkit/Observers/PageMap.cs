using System.Runtime.InteropServices;

namespace MmapToolkit.Observers;

/// <summary>
/// Reads a process's <c>/proc/&lt;pid&gt;/pagemap</c>: one <see cref="PageMapEntry"/> per virtual page.
/// The file is bound to the process's address space when opened, so keep one open while watching a process.
/// Works without root (flags only; <see cref="PageMapEntry.Pfn"/> is null); frame numbers need root.
/// Share counts and kernel flags of the frames come from <see cref="PhysicalPages"/>.
/// </summary>
public sealed class PageMap : IDisposable
{
    private readonly ProcFile _file;
    private readonly int _pageSize = Environment.SystemPageSize;

    /// <summary>The pid, or null for <see cref="OfSelf"/>.</summary>
    public int? Pid { get; }

    private PageMap(ProcFile file, int? pid)
    {
        _file = file;
        Pid = pid;
    }

    /// <summary>The calling process's own pagemap.</summary>
    public static PageMap OfSelf() => new(ProcFile.Open("/proc/self/pagemap"), null);

    /// <summary>Another process's pagemap. Throws <see cref="ProcessNotFoundException"/> for a pid that does not exist.</summary>
    public static PageMap Open(int pid)
    {
        if (pid <= 0) throw new ArgumentOutOfRangeException(nameof(pid), pid, "a pid is a positive number");
        try
        {
            return new PageMap(ProcFile.Open($"/proc/{pid}/pagemap"), pid);
        }
        catch (SyscallFileNotFoundException)
        {
            throw new ProcessNotFoundException(pid);
        }
    }

    /// <summary>The entry of the page holding <paramref name="address"/>.</summary>
    public PageMapEntry Read(nint address) => new(_file.ReadEntry(PageIndex(address)));

    /// <summary>The entries of <paramref name="pageCount"/> consecutive pages starting at the page holding <paramref name="address"/>.</summary>
    public PageMapEntry[] Read(nint address, int pageCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageCount);
        var entries = new PageMapEntry[pageCount];
        Read(address, entries);
        return entries;
    }

    /// <summary>Fills <paramref name="into"/> with the entries of consecutive pages from the page holding <paramref name="address"/>.</summary>
    public void Read(nint address, Span<PageMapEntry> into)
    {
        // PageMapEntry is a one-ulong record struct, so the span can be read into directly.
        _file.ReadEntries(PageIndex(address), MemoryMarshal.Cast<PageMapEntry, ulong>(into));
    }

    private ulong PageIndex(nint address) => (ulong)address / (ulong)_pageSize;

    /// <summary>
    /// True when this process sees real frame numbers in pagemap. Probed, not guessed: the entry of a page
    /// that is surely present (a pinned byte just written) shows a non-zero PFN only to a privileged reader.
    /// </summary>
    public static bool PfnsVisible => s_pfnsVisible.Value;

    private static readonly Lazy<bool> s_pfnsVisible = new(ProbePfnVisibility);

    private static bool ProbePfnVisibility()
    {
        byte[] written = GC.AllocateArray<byte>(1, pinned: true);
        written[0] = 1;
        using var self = OfSelf();
        return self.Read(Marshal.UnsafeAddrOfPinnedArrayElement(written, 0)).Pfn is not null;
    }

    /// <summary>Closes the pagemap file.</summary>
    public void Dispose() => _file.Dispose();
}
