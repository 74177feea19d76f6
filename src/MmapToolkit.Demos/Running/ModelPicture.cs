namespace MmapToolkit.Demos.Running;

/// <summary>
/// The model's page tables and frames after one step, for drawing (<c>demo --html</c>): every named region of every
/// living process, page by page (at most <see cref="MaxPagesShown"/> of each), and the frames those pages map.
/// </summary>
public sealed record ModelPicture(IReadOnlyList<RegionPageTable> Regions, IReadOnlyList<FrameRow> Frames, int UsedFrames, int TotalFrames)
{
    /// <summary>Pages drawn per region: the shipped demos' regions are far smaller; a scenario's larger region is cut.</summary>
    public const int MaxPagesShown = 64;
}

/// <summary>One region of one process: where it is, what backs it, and its page-table entries in page order.</summary>
/// <param name="Pages">The region's size in pages; <see cref="Entries"/> holds at most <see cref="ModelPicture.MaxPagesShown"/>.</param>
public sealed record RegionPageTable(string Process, int Pid, string Region, long Address, int Pages, string? File, string Protection,
                                     bool Shared, IReadOnlyList<PteRow> Entries);

/// <summary>
/// One page-table entry. <see cref="State"/> is "present" (valid) or why the page is not: "demand-zero", "file"
/// (<see cref="FilePage"/> of <see cref="RegionPageTable.File"/>), "swapped" (<see cref="SwapSlot"/>) or "lazy-copy".
/// </summary>
public sealed record PteRow(int Page, long Vpn, string State, int Frame, bool ZeroPage, bool Writable, bool Dirty, bool Referenced,
                            bool CopyOnWrite, int ShareCount, int SwapSlot, long FilePage)
{
    public bool Valid => State == "present";
}

/// <summary>One physical frame: what it holds, its share count and which pages map it ("child1 heap[3]").</summary>
public sealed record FrameRow(int Frame, string Use, int ShareCount, bool Dirty, IReadOnlyList<string> Owners, string? File, long FilePage);
