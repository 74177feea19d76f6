using MmapToolkit.Files;
using MmapToolkit.Mapping;
using MmapToolkit.Observers;

namespace MmapToolkit.Profile;

/// <summary>
/// The kernel's fault-around window (<c>fault_around_bytes</c> / page size): how many pages one read fault maps on a
/// private file mapping whose pages are all in the page cache as single pages. The file is a memfd of two page
/// tables' worth of pages, filled through a NOHUGEPAGE mapping so every page is its own folio (a large folio would be
/// mapped whole: that is a different effect, the demos' <c>large-folios</c>). A second, private read-only mapping is
/// read once at a page-table-aligned page, and the pages present afterwards are the window: fault-around never
/// crosses a page table. One setting defeats it: <c>shmem_enabled</c> = <c>force</c> (a testing mode) makes shmem
/// ignore NOHUGEPAGE, and the probe then reports the folio, not the window; <see cref="ShmemForcesLargeFolios"/> says so.
/// </summary>
public static class FaultAroundProbe
{
    /// <summary>True when /sys/kernel/mm/transparent_hugepage/shmem_enabled is <c>force</c>: <see cref="Run"/>'s figure is then
    /// an upper bound (the size of the large folio the read fell in), not the fault-around window.</summary>
    public static bool ShmemForcesLargeFolios =>
        TransparentHugePages.ShmemMode() == "force";

    /// <summary>Measures the window once, in pages (1 when the kernel maps only the page that faulted); throws a
    /// <see cref="SyscallException"/> if a call fails.</summary>
    public static int Run()
    {
        int pageSize = Environment.SystemPageSize;
        long pagesPerTable = pageSize / 8;        // entries of one page table: 512 with 4 KiB pages
        long pages = 2 * pagesPerTable;           // always holds one whole table-aligned stretch
        using var file = MemoryFile.Create("mmaptk-fault-around");
        RandomAccess.SetLength(file, pages * pageSize);
        using (var fill = new MappingOptions().Length(pages * pageSize).Shared().MapFile(file))
        {
            fill.Advise(Advice.NoHugePage);
            for (int p = 0; p < pages; p++) fill.Page(p)[0] = 1;
        }
        using var mapping = new MappingOptions().Length(pages * pageSize).Protection(Protection.Read).MapFile(file);
        mapping.Advise(Advice.NoHugePage);
        long tableBytes = pagesPerTable * pageSize;
        long aligned = (mapping.Address + tableBytes - 1) / tableBytes * tableBytes;
        int first = (int)((aligned - mapping.Address) / pageSize);
        _ = Volatile.Read(ref mapping.Page(first)[0]);
        using var map = PageMap.OfSelf();
        return map.Read(mapping.Address, mapping.PageCount).Count(e => e.IsPresent);
    }
}
