using static MmapToolkit.Interop.MmanConstants;

namespace MmapToolkit.Mapping;

/// <summary>madvise(2) advice, every Linux MADV_* value. The kernel may refuse some (EINVAL) for a given mapping.</summary>
public enum Advice
{
    /// <summary>Default readahead.</summary>
    Normal = MADV_NORMAL,
    /// <summary>Expect random access: readahead off.</summary>
    Random = MADV_RANDOM,
    /// <summary>Expect sequential access: aggressive readahead, pages behind may be dropped early.</summary>
    Sequential = MADV_SEQUENTIAL,
    /// <summary>Start reading these pages in now (pre-paging).</summary>
    WillNeed = MADV_WILLNEED,
    /// <summary>Drop these pages now; private anonymous pages read back as zeros afterwards.</summary>
    DontNeed = MADV_DONTNEED,
    /// <summary>The kernel may free these private anonymous pages lazily, under memory pressure.</summary>
    Free = MADV_FREE,
    /// <summary>Free the pages and the backing store (shared memory, tmpfs).</summary>
    Remove = MADV_REMOVE,
    /// <summary>Do not map these pages into a child after fork.</summary>
    DontFork = MADV_DONTFORK,
    /// <summary>Undo <see cref="DontFork"/>.</summary>
    DoFork = MADV_DOFORK,
    /// <summary>Let KSM merge identical pages here (needs KSM enabled).</summary>
    Mergeable = MADV_MERGEABLE,
    /// <summary>Undo <see cref="Mergeable"/>: unmerge the pages KSM merged.</summary>
    Unmergeable = MADV_UNMERGEABLE,
    /// <summary>Use transparent huge pages here.</summary>
    HugePage = MADV_HUGEPAGE,
    /// <summary>No transparent huge pages here: one fault per 4 KiB page, so fault counts are exact.</summary>
    NoHugePage = MADV_NOHUGEPAGE,
    /// <summary>Leave these pages out of a core dump.</summary>
    DontDump = MADV_DONTDUMP,
    /// <summary>Undo <see cref="DontDump"/>.</summary>
    DoDump = MADV_DODUMP,
    /// <summary>The child sees zero-filled pages here after fork.</summary>
    WipeOnFork = MADV_WIPEONFORK,
    /// <summary>Undo <see cref="WipeOnFork"/>.</summary>
    KeepOnFork = MADV_KEEPONFORK,
    /// <summary>Deactivate: these pages are reclaimed first.</summary>
    Cold = MADV_COLD,
    /// <summary>Reclaim these pages now (swap or drop).</summary>
    PageOut = MADV_PAGEOUT,
    /// <summary>Fault every page in for reading, now.</summary>
    PopulateRead = MADV_POPULATE_READ,
    /// <summary>Fault every page in for writing, now.</summary>
    PopulateWrite = MADV_POPULATE_WRITE,
    /// <summary>Like <see cref="DontNeed"/>, and allowed on locked (mlock'd) pages.</summary>
    DontNeedLocked = MADV_DONTNEED_LOCKED,
    /// <summary>Collapse these pages into transparent huge pages now, synchronously.</summary>
    Collapse = MADV_COLLAPSE,
}
