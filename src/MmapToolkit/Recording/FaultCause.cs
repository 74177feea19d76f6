namespace MmapToolkit.Recording;

/// <summary>
/// Why a page fault happened, from the error code the CPU gave (only the tracepoint exceptions:page_fault_user
/// carries it; perf's software fault events do not).
/// </summary>
public enum FaultCause
{
    /// <summary>The error code was not available (no tracepoint): the cause is not known.</summary>
    Unknown,
    /// <summary>The page was not present: demand-zero, a file page not yet mapped, a swapped-out page.</summary>
    NotPresent,
    /// <summary>A store to a present, write-protected page of a private mapping: copy-on-write (a copy, or the last
    /// sharer made writable again).</summary>
    CopyOnWrite,
    /// <summary>A store to a present, write-protected page of a shared mapping: dirty tracking (page_mkwrite).</summary>
    WriteProtect,
    /// <summary>Any other protection fault on a present page (a load or fetch, or a store where the mapping is not known).</summary>
    Protection,
}
