namespace MmapToolkit.Pager;

/// <summary>One reference of a page reference string: a load, or a store when <see cref="IsWrite"/>.</summary>
public readonly record struct PagerAccess(long Page, bool IsWrite);

/// <summary>What a replay cost on the real region: the statistics' difference over the replay.</summary>
public sealed record PagerReplayResult(long References, PagerStatistics Counts)
{
    /// <summary>References to pages that were not resident (the model's faults).</summary>
    public long Faults => Counts.PageFaults;
    /// <summary>Victims evicted to make room.</summary>
    public long Evictions => Counts.Evictions;
    /// <summary>Dirty victims written to the swap file.</summary>
    public long SwapOuts => Counts.SwapOuts;
    /// <summary>Pages read back from their swap slots.</summary>
    public long SwapIns => Counts.SwapIns;
    /// <summary>Faults on resident pages kept inaccessible to observe their use (not page faults).</summary>
    public long ReferenceFaults => Counts.ReferenceFaults;
    /// <summary>First stores to clean resident pages (not page faults).</summary>
    public long DirtyFaults => Counts.DirtyFaults;
}

/// <summary>
/// Replays a page reference string on a pager region: each reference is one real load (or store) of a byte of that
/// page from managed code, so every fault the pager counts is a real SIGSEGV taken by this thread.
/// </summary>
public static class PagerReplay
{
    /// <summary>How many references pass between two calls of a replay's progress callback.</summary>
    public const int ProgressInterval = 16_384;

    /// <summary>Makes every reference of <paramref name="trace"/> in order on <paramref name="pager"/> (telling an OPT
    /// pager the future first; advancing <see cref="UserPager.VirtualTime"/> by one before each reference, so reference
    /// i of a fresh region happens at time i + 1, the model's clock) and returns the statistics' difference. A reference outside the region throws
    /// <see cref="ArgumentException"/> before any is made.</summary>
    /// <param name="pager">The region to reference.</param>
    /// <param name="trace">The page reference string.</param>
    /// <param name="progress">Called with the number of references made so far, every <see cref="ProgressInterval"/>
    /// references and once at the end.</param>
    public static PagerReplayResult Run(UserPager pager, IReadOnlyList<PagerAccess> trace, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(pager);
        ArgumentNullException.ThrowIfNull(trace);
        for (int i = 0; i < trace.Count; i++)
        {
            long page = trace[i].Page;
            if (page < 0 || page >= pager.Pages)
                throw new ArgumentException($"reference {i + 1} is to page {page}, outside the region's {pager.Pages} pages");
        }
        bool opt = pager.Policy == PagerPolicy.Opt;
        if (opt)
        {
            var pages = new long[trace.Count];
            for (int i = 0; i < pages.Length; i++) pages[i] = trace[i].Page;
            pager.SetFutureTrace(pages);
        }
        var before = pager.Statistics;
        int pageSize = pager.PageSize;
        long time = pager.VirtualTime;
        for (int i = 0; i < trace.Count; i++)
        {
            if (opt) pager.SetTracePosition(i);
            pager.VirtualTime = time + i + 1;
            var r = trace[i];
            // A byte that moves within the page from reference to reference, so the stores leave a checkable pattern.
            Span<byte> page = pager.Page(r.Page);
            int offset = (int)((uint)i * 8 % (uint)pageSize);
            if (r.IsWrite) page[offset] = (byte)(i + 1);
            else Volatile.Read(ref page[offset]);
            if (progress is not null && (i + 1) % ProgressInterval == 0) progress(i + 1);
        }
        progress?.Invoke(trace.Count);
        return new PagerReplayResult(trace.Count, pager.Statistics.Minus(before));
    }
}
