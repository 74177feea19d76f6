namespace MmapToolkit.Observers;

/// <summary>
/// Per-frame facts from <c>/proc/kpagecount</c> (how many page-table entries map the frame: 2 for a page
/// shared by a parent and its forked child) and <c>/proc/kpageflags</c>. Both are readable only by root;
/// without it every method throws <see cref="RootRequiredException"/> and <see cref="UnavailableReason"/> says why.
/// </summary>
public static class PhysicalPages
{
    /// <summary>One 64-bit share count per frame, indexed by PFN.</summary>
    public const string KpagecountPath = "/proc/kpagecount";
    /// <summary>One 64-bit <see cref="KernelPageFlags"/> word per frame, indexed by PFN.</summary>
    public const string KpageflagsPath = "/proc/kpageflags";

    /// <summary>True when kpagecount can be read here and pagemap shows the PFNs to look up in it (root with
    /// CAP_SYS_ADMIN), decided by trying.</summary>
    public static bool IsAvailable => UnavailableReason is null;

    /// <summary>Null when available; otherwise a sentence saying what is missing.</summary>
    public static string? UnavailableReason => s_unavailableReason.Value;

    private static readonly Lazy<string?> s_unavailableReason = new(() =>
    {
        try
        {
            using var f = ProcFile.Open(KpagecountPath);
            f.ReadEntry(0);
            // Readable is not enough: without CAP_SYS_ADMIN pagemap shows PFN 0, so there is nothing to look up.
            return PageMap.PfnsVisible ? null : new RootRequiredException("page frame numbers in /proc/PID/pagemap").Message;
        }
        catch (AccessDeniedException)
        {
            return new RootRequiredException(KpagecountPath).Message;
        }
        catch (SyscallFileNotFoundException)
        {
            return $"{KpagecountPath} does not exist on this kernel (CONFIG_PROC_PAGE_MONITOR is off)";
        }
    });

    /// <summary>How many page-table entries map frame <paramref name="pfn"/>.</summary>
    public static long ShareCount(ulong pfn)
    {
        using var f = OpenOrThrow(KpagecountPath);
        return (long)f.ReadEntry(pfn);
    }

    /// <summary>Share counts of many frames, one open of kpagecount.</summary>
    public static long[] ShareCounts(ReadOnlySpan<ulong> pfns)
    {
        var counts = new long[pfns.Length];
        if (pfns.Length == 0) return counts;
        using var f = OpenOrThrow(KpagecountPath);
        for (int i = 0; i < pfns.Length; i++) counts[i] = (long)f.ReadEntry(pfns[i]);
        return counts;
    }

    /// <summary>Share count of the frame behind a present pagemap entry.</summary>
    public static long ShareCount(PageMapEntry entry) => ShareCount(RequireFrame(entry));

    /// <summary>The kernel's flags for frame <paramref name="pfn"/>.</summary>
    public static KernelPageFlags Flags(ulong pfn)
    {
        using var f = OpenOrThrow(KpageflagsPath);
        return (KernelPageFlags)f.ReadEntry(pfn);
    }

    /// <summary>Flags of the frame behind a present pagemap entry.</summary>
    public static KernelPageFlags Flags(PageMapEntry entry) => Flags(RequireFrame(entry));

    private static ulong RequireFrame(PageMapEntry entry)
    {
        if (UnavailableReason is not null && entry.IsPresent && entry.Pfn is null)
            throw new RootRequiredException(KpagecountPath);
        return entry.RequirePfn();
    }

    private static ProcFile OpenOrThrow(string path)
    {
        if (UnavailableReason is { } reason)
            throw reason.Contains("root") ? new RootRequiredException(path) : new PlatformNotSupportedException(reason);
        return ProcFile.Open(path);
    }
}
