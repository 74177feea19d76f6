namespace MmapToolkit.Interop;

/// <summary>
/// Values from &lt;sys/mman.h&gt; (x86_64 Linux), under their C names. MmanConstantsTests compiles a C program
/// against the real headers and checks every one of them, so a wrong value here fails the build's tests.
/// </summary>
internal static class MmanConstants
{
    public const int PROT_NONE = 0x0, PROT_READ = 0x1, PROT_WRITE = 0x2, PROT_EXEC = 0x4;

    public const int MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_SHARED_VALIDATE = 0x03, MAP_FIXED = 0x10,
        MAP_ANONYMOUS = 0x20, MAP_GROWSDOWN = 0x100, MAP_LOCKED = 0x2000, MAP_NORESERVE = 0x4000,
        MAP_POPULATE = 0x8000, MAP_NONBLOCK = 0x10000, MAP_STACK = 0x20000, MAP_HUGETLB = 0x40000,
        MAP_FIXED_NOREPLACE = 0x100000;

    public const int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MREMAP_DONTUNMAP = 4;

    public const int MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;

    public const int MADV_NORMAL = 0, MADV_RANDOM = 1, MADV_SEQUENTIAL = 2, MADV_WILLNEED = 3, MADV_DONTNEED = 4,
        MADV_FREE = 8, MADV_REMOVE = 9, MADV_DONTFORK = 10, MADV_DOFORK = 11, MADV_MERGEABLE = 12,
        MADV_UNMERGEABLE = 13, MADV_HUGEPAGE = 14, MADV_NOHUGEPAGE = 15, MADV_DONTDUMP = 16, MADV_DODUMP = 17,
        MADV_WIPEONFORK = 18, MADV_KEEPONFORK = 19, MADV_COLD = 20, MADV_PAGEOUT = 21, MADV_POPULATE_READ = 22,
        MADV_POPULATE_WRITE = 23, MADV_DONTNEED_LOCKED = 24, MADV_COLLAPSE = 25;

    public const uint MFD_CLOEXEC = 0x1, MFD_ALLOW_SEALING = 0x2, MFD_HUGETLB = 0x4;

    public static readonly nint MAP_FAILED = -1;
}
