namespace MmapToolkit.Pager;

/// <summary>
/// One fault the pager's handler resolved, as written to its lock-free ring: the page, why, the frame it now occupies,
/// and the page evicted to make room (-1 if none) and whether that victim was written to the swap file.
/// </summary>
public readonly record struct PagerEvent(ulong Sequence, long Page, PagerFaultCause Cause, int Frame, long Victim,
                                         bool IsWrite, bool VictimSwappedOut)
{
    /// <summary>"#SEQ: load|store page P: CAUSE -> frame F", and the victim if one was evicted.</summary>
    public override string ToString()
    {
        string access = IsWrite ? "store" : "load";
        string victim = Victim < 0 ? "" : $", evicted page {Victim}{(VictimSwappedOut ? " (written to swap)" : " (dropped)")}";
        return $"#{Sequence}: {access} page {Page}: {Cause.Label()} -> frame {Frame}{victim}";
    }
}
