using MmapToolkit.Observers;

namespace MmapToolkit.Demos.Kernels.Real;

/// <summary>
/// Reads what a real process's page table holds for a region: present pages from /proc/PID/pagemap (any user),
/// and share counts of their frames from /proc/kpagecount (root only; otherwise "n/a, needs root").
/// </summary>
internal static class RealObserver
{
    private const int Chunk = 65536;

    public static long PresentPages(int pid, nint address, long pages, int pageSize)
    {
        using var map = PageMap.Open(pid);
        var entries = new PageMapEntry[(int)Math.Min(Chunk, pages)];
        long present = 0;
        for (long done = 0; done < pages; done += entries.Length)
        {
            var span = entries.AsSpan(0, (int)Math.Min(entries.Length, pages - done));
            map.Read(address + (nint)(done * pageSize), span);
            foreach (var e in span) if (e.IsPresent) present++;
        }
        return present;
    }

    /// <summary>Pages of the region whose frame is mapped more than once, or null with the reason when that cannot be read.</summary>
    public static (long? Shared, string? Why) SharedPages(int pid, nint address, long pages)
    {
        if (pages > Chunk * 16L) return (null, $"region over {Chunk * 16L} pages: not scanned");
        try
        {
            using var map = PageMap.Open(pid);
            return (FrameSharing.Of(map, address, pages).SharedPages, null);
        }
        catch (RootRequiredException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The share count of each page's frame (0 for a page that is not present), or the reason it cannot be read.</summary>
    public static (IReadOnlyList<(int Page, long Count)>? Counts, string? Why) ShareCounts(int pid, nint address, int[] pages, int pageSize)
    {
        if (!PhysicalPages.IsAvailable || !PageMap.PfnsVisible)
            return (null, PhysicalPages.UnavailableReason ?? "page frame numbers need root");
        using var map = PageMap.Open(pid);
        var result = new List<(int, long)>(pages.Length);
        foreach (int page in pages)
        {
            var entry = map.Read(address + (nint)((long)page * pageSize));
            result.Add((page, entry.Pfn is { } pfn ? PhysicalPages.ShareCount(pfn) : 0));
        }
        return (result, null);
    }

    /// <summary>
    /// Present pages of the range whose frame is dirty in the page cache (kpageflags DIRTY: written, not yet written
    /// back to the file), or the reason that cannot be read.
    /// </summary>
    public static (long? Dirty, string? Why) DirtyPages(int pid, nint address, int pages, int pageSize)
    {
        if (!PhysicalPages.IsAvailable || !PageMap.PfnsVisible)
            return (null, PhysicalPages.UnavailableReason ?? "page frame numbers need root");
        using var map = PageMap.Open(pid);
        long dirty = 0;
        foreach (var entry in map.Read(address, pages))
            if (entry.Pfn is { } pfn && PhysicalPages.Flags(pfn).HasFlag(KernelPageFlags.Dirty)) dirty++;
        return (dirty, null);
    }

    /// <summary>Resident pages of the [heap] mapping (the brk heap), from /proc/self/smaps.</summary>
    public static long HeapResidentPages(int pageSize)
    {
        var heap = Smaps.Read(Environment.ProcessId).FirstOrDefault(m => m.Name == "[heap]");
        return heap is null ? 0 : heap.Figures.RssKb * 1024 / pageSize;
    }
}
