namespace MmapToolkit.Pager;

/// <summary>Counters of one pager region since it was created (a consistent snapshot).</summary>
public sealed record PagerStatistics
{
    /// <summary>Misses on pages with no contents yet.</summary>
    public long ZeroFills { get; init; }
    /// <summary>Misses on file-backed pages.</summary>
    public long FileReads { get; init; }
    /// <summary>Misses on pages with a swap copy.</summary>
    public long SwapIns { get; init; }
    /// <summary>Faults on resident pages kept inaccessible to observe their use (CLOCK, LRU); not page faults.</summary>
    public long ReferenceFaults { get; init; }
    /// <summary>First stores to resident read-only (clean) pages; not page faults.</summary>
    public long DirtyFaults { get; init; }
    /// <summary>Faults already resolved by another thread when this one got the lock.</summary>
    public long SpuriousFaults { get; init; }
    /// <summary>Victims evicted to make room (<see cref="SwapOuts"/> + <see cref="CleanDrops"/>).</summary>
    public long Evictions { get; init; }
    /// <summary>Dirty victims written to the swap file (write-backs).</summary>
    public long SwapOuts { get; init; }
    /// <summary>Clean victims dropped without I/O.</summary>
    public long CleanDrops { get; init; }
    /// <summary>Bytes read from the swap file and the backing file.</summary>
    public long BytesRead { get; init; }
    /// <summary>Bytes written to the swap file.</summary>
    public long BytesWritten { get; init; }
    /// <summary>Pages resident now.</summary>
    public long ResidentPages { get; init; }
    /// <summary>Events written to the log (every handled fault except spurious ones).</summary>
    public long Events { get; init; }
    /// <summary><see cref="PagerPolicy.WsClock"/>: victims taken from inside the working set, because a whole lap of the
    /// hand found no page older than τ (memory is smaller than the working set); the rest of <see cref="Evictions"/>
    /// were outside it. Always 0 for the other policies.</summary>
    public long EvictionsInWorkingSet { get; init; }

    /// <summary>Page faults in the model's sense: references to pages that were not resident.</summary>
    public long PageFaults => ZeroFills + FileReads + SwapIns;

    /// <summary>Every time the handler resolved a fault of the region.</summary>
    public long HandlerFaults => PageFaults + ReferenceFaults + DirtyFaults;

    /// <summary>The counters since <paramref name="before"/>; <see cref="ResidentPages"/> stays this snapshot's.</summary>
    public PagerStatistics Minus(PagerStatistics before) => new()
    {
        ZeroFills = ZeroFills - before.ZeroFills,
        FileReads = FileReads - before.FileReads,
        SwapIns = SwapIns - before.SwapIns,
        ReferenceFaults = ReferenceFaults - before.ReferenceFaults,
        DirtyFaults = DirtyFaults - before.DirtyFaults,
        SpuriousFaults = SpuriousFaults - before.SpuriousFaults,
        Evictions = Evictions - before.Evictions,
        SwapOuts = SwapOuts - before.SwapOuts,
        CleanDrops = CleanDrops - before.CleanDrops,
        BytesRead = BytesRead - before.BytesRead,
        BytesWritten = BytesWritten - before.BytesWritten,
        ResidentPages = ResidentPages,
        Events = Events - before.Events,
        EvictionsInWorkingSet = EvictionsInWorkingSet - before.EvictionsInWorkingSet,
    };
}
