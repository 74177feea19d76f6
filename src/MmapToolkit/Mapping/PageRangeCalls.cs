using MmapToolkit.Interop;

namespace MmapToolkit.Mapping;

/// <summary>
/// mprotect, madvise, msync and mincore over one page-aligned range, each failure turned into a typed
/// <see cref="SyscallException"/> whose message shows the call as it was made.
/// </summary>
internal static unsafe class PageRangeCalls
{
    public static string Hex(nint address) => $"0x{address:x}";

    public static void Protect(nint address, long length, Protection protection)
    {
        if (Libc.Mprotect(address, (nuint)length, (int)protection) == 0) return;
        var errno = ErrnoExtensions.Last();
        throw SyscallException.For(
            $"mprotect({Hex(address)}, {length}, {ProtectionText.Format(protection)})", errno,
            errno == Errno.EACCES ? "the file was not opened for writing: a shared writable mapping needs O_RDWR"
            : errno == Errno.ENOMEM ? "the range is not mapped, or the split would pass vm.max_map_count"
            : null);
    }

    public static void Advise(nint address, long length, Advice advice)
    {
        if (Libc.Madvise(address, (nuint)length, (int)advice) == 0) return;
        var errno = ErrnoExtensions.Last();
        throw SyscallException.For(
            $"madvise({Hex(address)}, {length}, MADV_{AdviceName(advice)})", errno,
            errno == Errno.EINVAL ? $"MADV_{AdviceName(advice)} is not supported for this mapping or kernel" : null);
    }

    public static void Sync(nint address, long length, SyncFlags flags)
    {
        bool async = flags.HasFlag(SyncFlags.Async), sync = flags.HasFlag(SyncFlags.Sync);
        if (async == sync)
            throw new ArgumentException($"msync needs exactly one of Async and Sync, got {flags}", nameof(flags));
        if (Libc.Msync(address, (nuint)length, (int)flags) == 0) return;
        throw SyscallException.FromLastError($"msync({Hex(address)}, {length}, {SyncName(flags)})");
    }

    /// <summary>One entry per page: true when the page is resident in memory (mincore bit 0).</summary>
    public static bool[] Residency(nint address, long length, int pageSize)
    {
        int pages = checked((int)((length + pageSize - 1) / pageSize));
        var vector = new byte[pages];
        fixed (byte* vec = vector)
        {
            if (Libc.Mincore(address, (nuint)length, vec) != 0)
                throw SyscallException.FromLastError($"mincore({Hex(address)}, {length})");
        }
        var resident = new bool[pages];
        for (int i = 0; i < pages; i++) resident[i] = (vector[i] & 1) != 0;
        return resident;
    }

    private static string AdviceName(Advice advice) =>
        Enum.IsDefined(advice) ? SnakeUpper(advice.ToString()) : ((int)advice).ToString();

    private static string SyncName(SyncFlags flags) =>
        string.Join('|', Enum.GetValues<SyncFlags>().Where(f => flags.HasFlag(f)).Select(f => "MS_" + f.ToString().ToUpperInvariant()));

    // "PopulateRead" -> "POPULATE_READ", "DontNeed" -> "DONTNEED" (the kernel's spelling)
    private static string SnakeUpper(string name) => name switch
    {
        "DontNeed" => "DONTNEED", "WillNeed" => "WILLNEED", "DontFork" => "DONTFORK", "DoFork" => "DOFORK",
        "HugePage" => "HUGEPAGE", "NoHugePage" => "NOHUGEPAGE", "DontDump" => "DONTDUMP", "DoDump" => "DODUMP",
        "WipeOnFork" => "WIPEONFORK", "KeepOnFork" => "KEEPONFORK", "PageOut" => "PAGEOUT",
        "DontNeedLocked" => "DONTNEED_LOCKED", "PopulateRead" => "POPULATE_READ", "PopulateWrite" => "POPULATE_WRITE",
        _ => name.ToUpperInvariant(),
    };
}
