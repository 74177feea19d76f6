using MmapToolkit.Agents;
using MmapToolkit.Interop;
using MmapToolkit.Mapping;

namespace MmapToolkit;

/// <summary>
/// How a call is spelled in error messages, and what its errno likely means: one place for the calls this process
/// makes (<see cref="PageRangeCalls"/>, <see cref="MemoryMapping"/>) and those an agent makes for it (<see cref="ChildAgent"/>).
/// </summary>
internal static class CallText
{
    public static string Hex(nint address) => $"0x{address:x}";

    /// <summary>"READ|WRITE", "NONE".</summary>
    public static string Protection(Protection p)
    {
        if (p == Mapping.Protection.None) return "NONE";
        var parts = new List<string>(3);
        if (p.HasFlag(Mapping.Protection.Read)) parts.Add("READ");
        if (p.HasFlag(Mapping.Protection.Write)) parts.Add("WRITE");
        if (p.HasFlag(Mapping.Protection.Exec)) parts.Add("EXEC");
        return string.Join('|', parts);
    }

    /// <summary>The kernel's spelling: MADV_DONTNEED, MADV_POPULATE_READ; a value outside the enum as its number.</summary>
    public static string Advice(Advice advice) => advice switch
    {
        Mapping.Advice.WillNeed => "MADV_WILLNEED", Mapping.Advice.DontNeed => "MADV_DONTNEED",
        Mapping.Advice.DontFork => "MADV_DONTFORK", Mapping.Advice.DoFork => "MADV_DOFORK",
        Mapping.Advice.HugePage => "MADV_HUGEPAGE", Mapping.Advice.NoHugePage => "MADV_NOHUGEPAGE",
        Mapping.Advice.DontDump => "MADV_DONTDUMP", Mapping.Advice.DoDump => "MADV_DODUMP",
        Mapping.Advice.WipeOnFork => "MADV_WIPEONFORK", Mapping.Advice.KeepOnFork => "MADV_KEEPONFORK",
        Mapping.Advice.PageOut => "MADV_PAGEOUT", Mapping.Advice.DontNeedLocked => "MADV_DONTNEED_LOCKED",
        Mapping.Advice.PopulateRead => "MADV_POPULATE_READ", Mapping.Advice.PopulateWrite => "MADV_POPULATE_WRITE",
        _ when Enum.IsDefined(advice) => "MADV_" + advice.ToString().ToUpperInvariant(),
        _ => ((int)advice).ToString(),
    };

    /// <summary>"MS_ASYNC", "MS_SYNC|MS_INVALIDATE".</summary>
    public static string Sync(SyncFlags flags) =>
        string.Join('|', Enum.GetValues<SyncFlags>().Where(f => flags.HasFlag(f)).Select(f => "MS_" + f.ToString().ToUpperInvariant()));

    /// <summary>"O_RDWR|O_CREAT".</summary>
    public static string Open(AgentOpenFlags flags)
    {
        var parts = new List<string>
        {
            (flags & (AgentOpenFlags.WriteOnly | AgentOpenFlags.ReadWrite)) switch
            {
                AgentOpenFlags.WriteOnly => "O_WRONLY",
                AgentOpenFlags.ReadWrite => "O_RDWR",
                AgentOpenFlags.ReadOnly => "O_RDONLY",
                _ => "O_WRONLY|O_RDWR",
            },
        };
        if (flags.HasFlag(AgentOpenFlags.Create)) parts.Add("O_CREAT");
        if (flags.HasFlag(AgentOpenFlags.Truncate)) parts.Add("O_TRUNC");
        if (flags.HasFlag(AgentOpenFlags.Append)) parts.Add("O_APPEND");
        return string.Join('|', parts);
    }

    public static string Mprotect(nint address, long length, Protection p) => $"mprotect({Hex(address)}, {length}, {Protection(p)})";

    public static string Madvise(nint address, long length, Advice advice) => $"madvise({Hex(address)}, {length}, {Advice(advice)})";

    public static string Msync(nint address, long length, SyncFlags flags) => $"msync({Hex(address)}, {length}, {Sync(flags)})";

    public static string Munmap(nint address, long length) => $"munmap({Hex(address)}, {length})";

    /// <summary>What a failed mprotect's errno likely means.</summary>
    public static string? MprotectCause(Errno errno) => errno switch
    {
        Errno.EACCES => "the file was not opened for writing: a shared writable mapping needs O_RDWR",
        Errno.ENOMEM => "the range is not mapped, or the split would pass vm.max_map_count",
        _ => null,
    };

    /// <summary>What a failed madvise's errno likely means.</summary>
    public static string? MadviseCause(Errno errno, Advice advice) =>
        errno == Errno.EINVAL ? $"{Advice(advice)} is not supported for this mapping or kernel" : null;

    /// <summary>msync takes exactly one of MS_ASYNC and MS_SYNC; the kernel's EINVAL would not say which was wrong.</summary>
    public static void CheckSyncFlags(SyncFlags flags)
    {
        if (flags.HasFlag(SyncFlags.Async) == flags.HasFlag(SyncFlags.Sync))
            throw new ArgumentException($"msync needs exactly one of Async and Sync, got {flags}", nameof(flags));
    }
}
