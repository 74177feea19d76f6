namespace MmapToolkit.Observers;

/// <summary>
/// The memory figures of one mapping in <c>/proc/&lt;pid&gt;/smaps</c>, or of a whole process in
/// <c>smaps_rollup</c>, in KiB as the kernel prints them. Rss counts every resident page; Pss divides each
/// page by the number of processes mapping it; Shared/Private split Rss by whether another process maps the
/// page too, Clean/Dirty by whether it was written since it was read in. Every field the kernel printed is
/// also in <see cref="All"/> (Referenced, LazyFree, Locked, …).
/// </summary>
public sealed record SmapsFigures(
    long SizeKb, long RssKb, long PssKb,
    long SharedCleanKb, long SharedDirtyKb, long PrivateCleanKb, long PrivateDirtyKb,
    long AnonymousKb, long AnonHugePagesKb, long SwapKb, long SwapPssKb,
    IReadOnlyDictionary<string, long> All)
{
    /// <summary>Private_Clean + Private_Dirty.</summary>
    public long PrivateKb => PrivateCleanKb + PrivateDirtyKb;

    /// <summary>Shared_Clean + Shared_Dirty.</summary>
    public long SharedKb => SharedCleanKb + SharedDirtyKb;

    internal static SmapsFigures From(IReadOnlyDictionary<string, long> f)
    {
        long Get(string key) => f.TryGetValue(key, out long v) ? v : 0;
        return new SmapsFigures(Get("Size"), Get("Rss"), Get("Pss"),
            Get("Shared_Clean"), Get("Shared_Dirty"), Get("Private_Clean"), Get("Private_Dirty"),
            Get("Anonymous"), Get("AnonHugePages"), Get("Swap"), Get("SwapPss"), f);
    }
}
