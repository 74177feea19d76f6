namespace MmapToolkit.Observers;

/// <summary>How the present pages of a range map onto frames: how many share their frame with another mapping.</summary>
/// <param name="PresentPages">Pages of the range that are present (in RAM).</param>
/// <param name="SharedPages">Present pages whose frame has a share count of 2 or more (kpagecount ≥ 2); the shared zero
/// page is not counted (it is no frame of the process's, and kernels differ in the count they report for it).</param>
/// <param name="MaxShareCount">The largest share count seen, 0 when no page is present.</param>
public readonly record struct FrameSharing(long PresentPages, long SharedPages, long MaxShareCount)
{
    /// <summary>Two ranges together: pages summed, the larger share count kept.</summary>
    public static FrameSharing operator +(FrameSharing a, FrameSharing b) =>
        new(a.PresentPages + b.PresentPages, a.SharedPages + b.SharedPages, Math.Max(a.MaxShareCount, b.MaxShareCount));

    /// <summary>
    /// Reads <paramref name="pageCount"/> pagemap entries from <paramref name="address"/> and the share count of
    /// each present page's frame. Needs root (<see cref="RootRequiredException"/> otherwise).
    /// </summary>
    public static FrameSharing Of(PageMap map, nint address, long pageCount)
    {
        if (PhysicalPages.UnavailableReason is not null || !PageMap.PfnsVisible)
            throw new RootRequiredException("counting pages that share a frame (/proc/kpagecount)");
        const int Chunk = 4096;
        var entries = new PageMapEntry[(int)Math.Min(Chunk, Math.Max(pageCount, 1))];
        var pfns = new List<ulong>();
        long pageSize = Environment.SystemPageSize, present = 0, shared = 0, max = 0;
        for (long done = 0; done < pageCount; done += entries.Length)
        {
            var span = entries.AsSpan(0, (int)Math.Min(entries.Length, pageCount - done));
            map.Read((nint)(address + done * pageSize), span);
            pfns.Clear();
            foreach (var e in span)
                if (e.Pfn is { } pfn) pfns.Add(pfn);
            present += pfns.Count;
            var counts = PhysicalPages.ShareCounts(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pfns));
            for (int i = 0; i < counts.Length; i++)
            {
                // The shared zero page is no frame of anyone's: what kpagecount says of it differs between kernels.
                if (counts[i] >= 2 && !PhysicalPages.Flags(pfns[i]).HasFlag(KernelPageFlags.ZeroPage)) shared++;
                max = Math.Max(max, counts[i]);
            }
        }
        return new FrameSharing(present, shared, max);
    }
}
