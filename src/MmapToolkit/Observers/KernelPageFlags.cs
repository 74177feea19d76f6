namespace MmapToolkit.Observers;

/// <summary>Flags of a physical page from <c>/proc/kpageflags</c> (include/uapi/linux/kernel-page-flags.h).</summary>
[Flags]
public enum KernelPageFlags : ulong
{
    None = 0,
    Locked = 1UL << 0,
    Error = 1UL << 1,
    Referenced = 1UL << 2,
    Uptodate = 1UL << 3,
    Dirty = 1UL << 4,
    Lru = 1UL << 5,
    Active = 1UL << 6,
    Slab = 1UL << 7,
    Writeback = 1UL << 8,
    Reclaim = 1UL << 9,
    Buddy = 1UL << 10,
    Mmap = 1UL << 11,
    Anon = 1UL << 12,
    SwapCache = 1UL << 13,
    SwapBacked = 1UL << 14,
    CompoundHead = 1UL << 15,
    CompoundTail = 1UL << 16,
    Huge = 1UL << 17,
    Unevictable = 1UL << 18,
    HwPoison = 1UL << 19,
    NoPage = 1UL << 20,
    Ksm = 1UL << 21,
    Thp = 1UL << 22,
    Offline = 1UL << 23,
    ZeroPage = 1UL << 24,
    Idle = 1UL << 25,
    PageTable = 1UL << 26,
}
