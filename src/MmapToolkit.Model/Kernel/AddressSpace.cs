namespace MmapToolkit.Model.Kernel;

/// <summary>A process's regions, sorted by start page and never overlapping, plus its page table.</summary>
public sealed class AddressSpace
{
    private readonly List<Region> _regions = new();
    internal readonly Dictionary<long, PageTableEntry> PageTable = new();

    public IReadOnlyList<Region> Regions => _regions;

    /// <summary>The entry for a page, or null if the page was never touched (its region's initial state).</summary>
    public PageTableEntry? Entry(long vpn) => PageTable.GetValueOrDefault(vpn);

    public Region? Find(long vpn)
    {
        int lo = 0, hi = _regions.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            var r = _regions[mid];
            if (vpn < r.StartPage) hi = mid - 1;
            else if (vpn >= r.EndPage) lo = mid + 1;
            else return r;
        }
        return null;
    }

    internal void Insert(Region region)
    {
        int i = 0;
        while (i < _regions.Count && _regions[i].StartPage < region.StartPage) i++;
        _regions.Insert(i, region);
        region.AcquireWriter();
    }

    internal void Remove(Region region)
    {
        if (_regions.Remove(region)) region.ReleaseWriter();
    }

    internal bool IsFree(long startPage, long pages)
        => !_regions.Any(r => r.StartPage < startPage + pages && startPage < r.EndPage);

    /// <summary>Splits regions so that no region crosses startPage or endPage; returns the regions inside.</summary>
    internal List<Region> Carve(long startPage, long endPage)
    {
        foreach (long cut in new[] { startPage, endPage })
        {
            var r = Find(cut);
            if (r is null || r.StartPage == cut) continue;
            var tail = r.CloneAt(cut, r.EndPage - cut);
            r.Pages = cut - r.StartPage;
            Insert(tail);
        }
        return _regions.Where(r => r.StartPage >= startPage && r.EndPage <= endPage).ToList();
    }

    /// <summary>The highest free run of <paramref name="pages"/> pages ending at or below <paramref name="topPage"/>.</summary>
    internal long FindGapBelow(long topPage, long pages)
    {
        long end = topPage;
        for (int i = _regions.Count - 1; i >= 0; i--)
        {
            var r = _regions[i];
            if (r.StartPage >= end) continue;
            if (r.EndPage <= end - pages) return end - pages;
            end = Math.Min(end, r.StartPage);
        }
        return end - pages >= 1 ? end - pages : throw new ModelSyscallException("mmap", ModelErrno.ENOMEM, "no room left in the address space");
    }
}
