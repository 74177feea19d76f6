using MmapToolkit.Mapping;

namespace MmapToolkit.Demos.Scenarios;

/// <summary>
/// The protection of every page of the first process's regions, as the scenario sets it. The first process is the
/// toolkit's own process on the real side: an access it is not allowed would kill it, so the parser refuses such an
/// access and asks for it to be made in a forked child.
/// </summary>
internal sealed class MainProcessProtections
{
    private sealed class RegionProtection(Protection protection, bool mayAddWrite)
    {
        public Protection All = protection;
        public readonly Dictionary<int, Protection> Pages = [];
        public readonly bool MayAddWrite = mayAddWrite;
    }

    private readonly Dictionary<string, RegionProtection> _regions = [];

    /// <param name="mayAddWrite">False for a shared mapping of a file opened read-only: mprotect cannot make it
    /// writable (EACCES), so a later <c>protect ... rw</c> leaves it as it was.</param>
    public void Map(string region, Protection protection, bool mayAddWrite) => _regions[region] = new(protection, mayAddWrite);

    public void Protect(string region, PageSet pages, int regionPages, Protection protection)
    {
        var r = _regions[region];
        if (protection.HasFlag(Protection.Write) && !r.MayAddWrite) return;
        if (pages.IsAll)
        {
            r.All = protection;
            r.Pages.Clear();
            return;
        }
        foreach (int page in pages.Resolve(regionPages)) r.Pages[page] = protection;
    }

    /// <summary>remap maps a file page MAP_SHARED and read-write over the page.</summary>
    public void Remapped(string region, int page) => _regions[region].Pages[page] = Protection.ReadWrite;

    /// <summary>The first page of <paramref name="pages"/> an access would fault on, with its protection, or null.</summary>
    public (int Page, Protection Protection)? FirstRefused(string region, PageSet pages, int regionPages, bool write)
    {
        if (!_regions.TryGetValue(region, out var r)) return null;
        if (pages.IsAll)
        {
            if (!Allows(r.All, write))
            {
                for (int p = 0; p < regionPages; p++)
                    if (!Allows(r.Pages.GetValueOrDefault(p, r.All), write)) return (p, r.Pages.GetValueOrDefault(p, r.All));
            }
            foreach (var (p, prot) in r.Pages.OrderBy(kv => kv.Key))
                if (!Allows(prot, write)) return (p, prot);
            return null;
        }
        foreach (int p in pages.Resolve(regionPages))
        {
            var prot = r.Pages.GetValueOrDefault(p, r.All);
            if (!Allows(prot, write)) return (p, prot);
        }
        return null;
    }

    private static bool Allows(Protection p, bool write) =>
        write ? p.HasFlag(Protection.Write) : p.HasFlag(Protection.Read) || p.HasFlag(Protection.Exec);
}
