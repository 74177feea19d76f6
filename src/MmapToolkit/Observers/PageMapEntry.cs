namespace MmapToolkit.Observers;

/// <summary>
/// One 64-bit entry of <c>/proc/&lt;pid&gt;/pagemap</c> (Documentation/admin-guide/mm/pagemap.rst):
/// bit 63 present, 62 swapped, 61 file-page or shared-anonymous, 56 exclusively mapped, 55 soft-dirty,
/// bits 0–54 the page frame number (PFN) when present, or swap type (0–4) and offset (5–54) when swapped.
/// The kernel shows PFNs only to a reader with CAP_SYS_ADMIN; to others the field reads 0 and
/// <see cref="Pfn"/> is null, while every flag still works.
/// </summary>
public readonly record struct PageMapEntry(ulong Raw)
{
    private const ulong PfnMask = (1UL << 55) - 1;

    /// <summary>Bit 63: the page is in RAM.</summary>
    public bool IsPresent => (Raw & (1UL << 63)) != 0;
    /// <summary>Bit 62: the page is in swap.</summary>
    public bool IsSwapped => (Raw & (1UL << 62)) != 0;

    /// <summary>A page-cache (file) page, or shared anonymous memory; false for private anonymous pages.</summary>
    public bool IsFileOrSharedAnon => (Raw & (1UL << 61)) != 0;

    /// <summary>Mapped by exactly one page table entry (no other process or mapping shares the frame).</summary>
    public bool IsExclusive => (Raw & (1UL << 56)) != 0;

    /// <summary>Soft-dirty bit. Not available on every kernel (not on the one docs/design.md measured).</summary>
    public bool IsSoftDirty => (Raw & (1UL << 55)) != 0;

    /// <summary>The frame number, or null when the page is not present, is swapped, or PFNs are hidden (not root).</summary>
    public ulong? Pfn => IsPresent && !IsSwapped && (Raw & PfnMask) != 0 ? Raw & PfnMask : null;

    /// <summary>The frame number of a present page; throws <see cref="RootRequiredException"/> when PFNs are hidden.</summary>
    public ulong RequirePfn()
    {
        if (!IsPresent || IsSwapped)
            throw new InvalidOperationException($"pagemap entry 0x{Raw:x16} has no frame: the page is {(IsSwapped ? "swapped out" : "not present")}");
        return Pfn ?? throw new RootRequiredException("the page frame number in /proc/<pid>/pagemap");
    }

    /// <summary>Swap type of a swapped page, else null.</summary>
    public int? SwapType => IsSwapped ? (int)(Raw & 0x1F) : null;

    /// <summary>Swap offset (in pages) of a swapped page, else null.</summary>
    public long? SwapOffset => IsSwapped ? (long)((Raw & PfnMask) >> 5) : null;

    /// <summary>"not present", "swapped type T offset O", or "present pfn 0x… [exclusive] anon|file/shared".</summary>
    public override string ToString()
    {
        if (IsSwapped) return $"swapped type {SwapType} offset {SwapOffset}";
        if (!IsPresent) return "not present";
        string pfn = Pfn is { } p ? $"pfn 0x{p:x}" : "pfn hidden";
        return $"present {pfn}{(IsExclusive ? " exclusive" : "")}{(IsFileOrSharedAnon ? " file/shared" : " anon")}";
    }
}
