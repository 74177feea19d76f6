using MmapToolkit.Mapping;
using MmapToolkit.Observers;

namespace MmapToolkit.Profile;

/// <summary>
/// Does a read of a never-touched anonymous page map the kernel's shared zero page, or give the page a frame of its
/// own? Two fresh pages (advised NOHUGEPAGE) are read once and their pagemap entries compared: the zero page is
/// mapped by many, so its entries are not exclusive, and (where PFNs are visible) both name one frame, which
/// /proc/kpageflags flags ZERO_PAGE where readable.
/// </summary>
public static class ZeroPageProbe
{
    /// <summary>True when reads map the shared zero page; <paramref name="evidence"/> says what was seen.</summary>
    public static bool Run(out string evidence)
    {
        int pageSize = Environment.SystemPageSize;
        using var fresh = new MappingOptions().Length(2L * pageSize).MapAnonymous();
        fresh.Advise(Advice.NoHugePage);
        var span = fresh.Span;
        int sum = span[0] + span[pageSize];
        using var map = PageMap.OfSelf();
        var entries = map.Read(fresh.Address, 2);
        if (!entries[0].IsPresent || !entries[1].IsPresent)
            throw new InvalidOperationException($"the zero-page probe read two fresh pages but pagemap shows them not present ({entries[0]}; {entries[1]})");
        bool exclusive = entries[0].IsExclusive || entries[1].IsExclusive;
        evidence = exclusive ? "each page read got a frame of its own (pagemap: exclusive)" : "both pages read map one shared frame (pagemap: not exclusive)";
        if (entries[0].Pfn is { } a && entries[1].Pfn is { } b)
        {
            evidence += a == b ? ", one PFN" : ", two PFNs";
            if (PhysicalPages.IsAvailable && a == b && PhysicalPages.Flags(a).HasFlag(KernelPageFlags.ZeroPage))
                evidence += ", flagged ZERO_PAGE in /proc/kpageflags";
            return a == b && sum == 0;
        }
        return !exclusive && sum == 0;
    }
}
