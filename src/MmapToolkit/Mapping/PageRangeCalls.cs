using MmapToolkit.Interop;

namespace MmapToolkit.Mapping;

/// <summary>
/// mprotect, madvise, msync and mincore over one page-aligned range of this process, each failure turned into a typed
/// <see cref="SyscallException"/> whose message shows the call as it was made (<see cref="CallText"/>).
/// </summary>
internal static unsafe class PageRangeCalls
{
    public static void Protect(nint address, long length, Protection protection)
    {
        if (Libc.Mprotect(address, (nuint)length, (int)protection) == 0) return;
        var errno = ErrnoExtensions.Last();
        throw SyscallException.For(CallText.Mprotect(address, length, protection), errno, CallText.MprotectCause(errno));
    }

    public static void Advise(nint address, long length, Advice advice)
    {
        if (Libc.Madvise(address, (nuint)length, (int)advice) == 0) return;
        var errno = ErrnoExtensions.Last();
        throw SyscallException.For(CallText.Madvise(address, length, advice), errno, CallText.MadviseCause(errno, advice));
    }

    public static void Sync(nint address, long length, SyncFlags flags)
    {
        CallText.CheckSyncFlags(flags);
        if (Libc.Msync(address, (nuint)length, (int)flags) == 0) return;
        throw SyscallException.FromLastError(CallText.Msync(address, length, flags));
    }

    /// <summary>One entry per page: true when the page is resident in memory (mincore bit 0).</summary>
    public static bool[] Residency(nint address, long length, int pageSize)
    {
        int pages = checked((int)((length + pageSize - 1) / pageSize));
        var vector = new byte[pages];
        fixed (byte* vec = vector)
        {
            if (Libc.Mincore(address, (nuint)length, vec) != 0)
                throw SyscallException.FromLastError($"mincore({CallText.Hex(address)}, {length})");
        }
        var resident = new bool[pages];
        for (int i = 0; i < pages; i++) resident[i] = (vector[i] & 1) != 0;
        return resident;
    }
}
