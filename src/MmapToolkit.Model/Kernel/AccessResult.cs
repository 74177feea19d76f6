namespace MmapToolkit.Model.Kernel;

/// <summary>Why the page-fault handler was entered (or, for <see cref="None"/>, that it was not).</summary>
public enum FaultCause
{
    /// <summary>The page was present and the access allowed: no fault.</summary>
    None,
    /// <summary>Never touched: anonymous, bss, heap or stack memory, to be zero-filled.</summary>
    DemandZero,
    /// <summary>Not present, backed by a file at a known offset (text, data, a file mapping, or a dropped page).</summary>
    FileBacked,
    /// <summary>Not present, its contents in a swap slot.</summary>
    Swapped,
    /// <summary>Not present in a child of the broken lazy fork: to be copied from the parent's page as it is now.</summary>
    LazyCopy,
    /// <summary>A write to a present page shared copy-on-write.</summary>
    CopyOnWrite,
    /// <summary>A write to a page mapped to the shared zero page.</summary>
    ZeroPageWrite,
    /// <summary>No region contains the address (never mapped, or unmapped): SIGSEGV.</summary>
    NotMapped,
    /// <summary>The region's protection forbids the access: SIGSEGV.</summary>
    ProtectionViolation,
    /// <summary>The page lies wholly beyond the end of the mapped file: SIGBUS.</summary>
    BeyondEndOfFile,
}

/// <summary>How the fault was resolved.</summary>
public enum FaultResolution
{
    None,
    ZeroFilled,
    ZeroPageMapped,
    ReadFromFile,
    PageCacheHit,
    SwappedIn,
    SwapCacheHit,
    Copied,
    Reused,
    LazyCopied,
    SegmentationFault,
    BusError,
}

/// <summary>The outcome of one access to one page, with a sentence saying why.</summary>
public sealed record AccessResult(int Pid, long Address, AccessKind Access, FaultCause Cause, FaultResolution Resolution,
                                  bool Major, int Frame, string Explanation)
{
    /// <summary>The access completed (possibly after a fault the kernel resolved).</summary>
    public bool Succeeded => Resolution is not (FaultResolution.SegmentationFault or FaultResolution.BusError);
    public bool IsFault => Cause != FaultCause.None;
    public bool IsSegmentationFault => Resolution == FaultResolution.SegmentationFault;

    public override string ToString() => Explanation;
}
