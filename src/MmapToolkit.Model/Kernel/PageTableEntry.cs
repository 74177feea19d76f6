namespace MmapToolkit.Model.Kernel;

/// <summary>
/// Where a page is, from the kernel's point of view. <see cref="Present"/> is the hardware's valid bit; every other
/// state is the software reason the kernel remembers for an invalid page, which the fault handler dispatches on.
/// </summary>
public enum PageState
{
    /// <summary>Valid: <see cref="PageTableEntry.Frame"/> holds the page.</summary>
    Present,
    /// <summary>Never touched (or dropped while still all zeros): zero-fill on demand.</summary>
    DemandZero,
    /// <summary>Load it from <see cref="Region.File"/> at the page's offset.</summary>
    FileBacked,
    /// <summary>Its contents are in swap slot <see cref="PageTableEntry.SwapSlot"/>.</summary>
    Swapped,
    /// <summary>Broken lazy fork: copy the parent's page, as it is at fault time.</summary>
    LazyCopy,
}

/// <summary>
/// A page-table entry: the hardware bits (valid, writable, user, referenced, dirty, frame) and the software state the
/// kernel keeps for an invalid page. A page with no entry yet is in its region's initial state (demand-zero for
/// anonymous memory, file-backed for a file mapping), as in a real kernel that builds entries lazily.
/// </summary>
public sealed class PageTableEntry
{
    public PageState State { get; internal set; }
    /// <summary>Valid bit: the page is in a frame and the hardware can use this entry.</summary>
    public bool Valid => State == PageState.Present;
    /// <summary>Frame number (or <see cref="PhysicalMemory.ZeroFrame"/>) while valid, else -1.</summary>
    public int Frame { get; internal set; } = -1;
    public bool Writable { get; internal set; }
    /// <summary>User-mode access allowed (always true for the model's user pages).</summary>
    public bool User { get; internal set; } = true;
    /// <summary>Set by the "hardware" on every access; CLOCK-like policies read it through their hit notification.</summary>
    public bool Referenced { get; internal set; }
    /// <summary>Set by the "hardware" on every write through this entry.</summary>
    public bool Dirty { get; internal set; }
    /// <summary>Software bit: the page is shared copy-on-write, so the entry is write-protected on purpose.</summary>
    public bool CopyOnWrite { get; internal set; }
    /// <summary>For <see cref="PageState.Swapped"/>: the slot.</summary>
    public int SwapSlot { get; internal set; } = -1;
    /// <summary>For <see cref="PageState.LazyCopy"/>: the parent process and page to copy from.</summary>
    public Process? LazySource { get; internal set; }

    internal void Clear(PageState state)
    {
        State = state;
        Frame = -1;
        Writable = false;
        Referenced = false;
        Dirty = false;
        CopyOnWrite = false;
        SwapSlot = -1;
        LazySource = null;
    }
}
