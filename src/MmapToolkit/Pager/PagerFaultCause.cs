namespace MmapToolkit.Pager;

/// <summary>Why the pager's handler ran. The first three are page faults in the model's sense (misses).</summary>
public enum PagerFaultCause : byte
{
    /// <summary>A page with no contents yet: a frame zeroed through the pool's private view.</summary>
    ZeroFill = 1,

    /// <summary>A file-backed page not resident: its frame read from the backing file (never written back).</summary>
    FileRead = 2,

    /// <summary>A page with a copy in the swap file: its frame read back from its swap slot.</summary>
    SwapIn = 3,

    /// <summary>A resident page kept inaccessible to see its use (CLOCK's cleared reference bit, LRU's recency).</summary>
    Reference = 4,

    /// <summary>The first store to a resident page mapped read-only: it becomes dirty and writable.</summary>
    Dirty = 5,
}

/// <summary>Questions about a <see cref="PagerFaultCause"/>.</summary>
public static class PagerFaultCauseExtensions
{
    /// <summary>True for the causes the model counts as faults (a reference to a page that is not resident).</summary>
    public static bool IsPageFault(this PagerFaultCause cause) => cause is PagerFaultCause.ZeroFill or PagerFaultCause.FileRead or PagerFaultCause.SwapIn;

    /// <summary>The cause as event logs print it: "zero-fill", "file read", "swap-in", "reference", "dirty".</summary>
    public static string Label(this PagerFaultCause cause) => cause switch
    {
        PagerFaultCause.ZeroFill => "zero-fill",
        PagerFaultCause.FileRead => "file read",
        PagerFaultCause.SwapIn => "swap-in",
        PagerFaultCause.Reference => "reference",
        PagerFaultCause.Dirty => "dirty",
        _ => $"cause {(int)cause}",
    };
}
