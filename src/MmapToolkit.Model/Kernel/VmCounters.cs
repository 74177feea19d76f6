namespace MmapToolkit.Model.Kernel;

/// <summary>
/// Event counts, kept per process and system-wide. A minor fault is resolved without I/O (zero fill, a page already in
/// the page or swap cache, a copy-on-write); a major fault waits for a read from a file or the swap area.
/// </summary>
public sealed class VmCounters
{
    /// <summary>Accesses (one per page touched by a read, write or execute).</summary>
    public long References { get; internal set; }
    public long MinorFaults { get; internal set; }
    public long MajorFaults { get; internal set; }
    /// <summary>Frames allocated and zeroed for a demand-zero page.</summary>
    public long ZeroFills { get; internal set; }
    /// <summary>Reads of never-touched anonymous pages resolved by mapping the shared zero page (no frame used).</summary>
    public long ZeroPageMaps { get; internal set; }
    /// <summary>Writes to a shared copy-on-write page that copied it (share count was above 1).</summary>
    public long CowCopies { get; internal set; }
    /// <summary>Writes to a copy-on-write page by its last sharer: made writable again, no copy.</summary>
    public long CowReuses { get; internal set; }
    /// <summary>Pages copied by an eager fork or at a lazy-copy fault.</summary>
    public long ForkCopies { get; internal set; }
    public long SwapOuts { get; internal set; }
    public long SwapIns { get; internal set; }
    /// <summary>Pages read from files (demand loads and readahead).</summary>
    public long FileReads { get; internal set; }
    /// <summary>Pages written back to files (msync, munmap, exit, eviction of a dirty shared page).</summary>
    public long FileWrites { get; internal set; }
    /// <summary>Pages read ahead of the faulting one (included in <see cref="FileReads"/>).</summary>
    public long ReadaheadPages { get; internal set; }
    public long Evictions { get; internal set; }
    public long SegmentationFaults { get; internal set; }

    public long Faults => MinorFaults + MajorFaults;

    public VmCounters Snapshot() => (VmCounters)MemberwiseClone();

    public override string ToString()
        => $"refs {References}, minor {MinorFaults}, major {MajorFaults}, zero-fill {ZeroFills}, zero-page {ZeroPageMaps}, "
         + $"cow copy {CowCopies}, cow reuse {CowReuses}, fork copies {ForkCopies}, swap out {SwapOuts}, swap in {SwapIns}, "
         + $"file read {FileReads}, file write {FileWrites}, evictions {Evictions}, segv {SegmentationFaults}";
}
