namespace MmapToolkit.Observers;

/// <summary>Flags of a physical page from <c>/proc/kpageflags</c> (include/uapi/linux/kernel-page-flags.h).</summary>
[Flags]
public enum KernelPageFlags : ulong
{
    /// <summary>No flag set.</summary>
    None = 0,
    /// <summary>The page is locked for exclusive access, e.g. while under I/O.</summary>
    Locked = 1UL << 0,
    /// <summary>An I/O error occurred on the page.</summary>
    Error = 1UL << 1,
    /// <summary>The page has been referenced since it was last put on an LRU list or checked for reclaim.</summary>
    Referenced = 1UL << 2,
    /// <summary>The page holds up-to-date data (for a file page: at least as new as on disk).</summary>
    Uptodate = 1UL << 3,
    /// <summary>The page was written: for a file page, its data is newer than on disk.</summary>
    Dirty = 1UL << 4,
    /// <summary>The page is on one of the LRU lists.</summary>
    Lru = 1UL << 5,
    /// <summary>The page is on the active LRU list.</summary>
    Active = 1UL << 6,
    /// <summary>The page belongs to the kernel's slab allocator.</summary>
    Slab = 1UL << 7,
    /// <summary>The page is being written back to storage.</summary>
    Writeback = 1UL << 8,
    /// <summary>The page will be reclaimed as soon as its writeback ends.</summary>
    Reclaim = 1UL << 9,
    /// <summary>A free page, owned by the buddy allocator.</summary>
    Buddy = 1UL << 10,
    /// <summary>The page is mapped into some process's page table.</summary>
    Mmap = 1UL << 11,
    /// <summary>The page is anonymous memory (not file-backed).</summary>
    Anon = 1UL << 12,
    /// <summary>The page has a swap entry (it is in the swap cache).</summary>
    SwapCache = 1UL << 13,
    /// <summary>The page is backed by swap or RAM (anonymous or shmem), not by a file.</summary>
    SwapBacked = 1UL << 14,
    /// <summary>The first page of a compound (multi-page) folio.</summary>
    CompoundHead = 1UL << 15,
    /// <summary>A page of a compound folio other than the first.</summary>
    CompoundTail = 1UL << 16,
    /// <summary>Part of a HugeTLB page.</summary>
    Huge = 1UL << 17,
    /// <summary>The page is on the unevictable list (mlocked, or ramfs and the like).</summary>
    Unevictable = 1UL << 18,
    /// <summary>A hardware error was detected on the page; the kernel no longer uses it.</summary>
    HwPoison = 1UL << 19,
    /// <summary>No page frame exists at the requested PFN.</summary>
    NoPage = 1UL << 20,
    /// <summary>The page is shared by KSM (kernel same-page merging).</summary>
    Ksm = 1UL << 21,
    /// <summary>Part of a transparent huge page.</summary>
    Thp = 1UL << 22,
    /// <summary>The page is logically offline.</summary>
    Offline = 1UL << 23,
    /// <summary>The shared zero page (or the huge zero page).</summary>
    ZeroPage = 1UL << 24,
    /// <summary>The page has not been accessed since it was marked idle (idle page tracking).</summary>
    Idle = 1UL << 25,
    /// <summary>The page holds a page table.</summary>
    PageTable = 1UL << 26,
}
