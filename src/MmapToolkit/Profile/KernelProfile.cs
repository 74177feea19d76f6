using System.Diagnostics;
using MmapToolkit.Observers;

namespace MmapToolkit.Profile;

/// <summary>
/// What the running kernel does where kernels differ, each fact measured by a small experiment on this machine
/// (docs/design.md, rule 6), never inferred from a version string or the user's name. Probed once per process
/// (<see cref="Current"/>, well under 100 ms); <see cref="Probe"/> measures again.
/// </summary>
/// <param name="ZeroPageOnRead">A read of a never-touched anonymous page maps the shared zero page (true), or gives it a frame (false).</param>
/// <param name="FaultAroundPages">Pages one read fault maps on a private file mapping whose pages are all cached (1: no fault-around).</param>
/// <param name="ThpEnabled">Global transparent huge page mode: <c>always</c>, <c>madvise</c>, <c>never</c> or <c>unavailable</c>.</param>
/// <param name="Mthp">Each multi-size THP size's mode (<c>64kB</c> → <c>inherit</c>).</param>
/// <param name="Userfaultfd">Whether and how this process can get a userfaultfd, and why not.</param>
/// <param name="KpagecountReadable">/proc/kpagecount could be read and pagemap shows the PFNs to look up in it, decided by trying.</param>
/// <param name="PageSize">Bytes per page.</param>
/// <param name="KernelRelease">Exactly what <c>uname -r</c> prints.</param>
/// <param name="SwapTotalKb">SwapTotal from /proc/meminfo.</param>
/// <param name="MaxMapCount">vm.max_map_count: the most VMAs a process may have.</param>
/// <param name="LibcPath">The C library this process has mapped, from /proc/self/maps (null if none).</param>
public sealed record KernelProfile(
    bool ZeroPageOnRead,
    int FaultAroundPages,
    string ThpEnabled,
    IReadOnlyDictionary<string, string> Mthp,
    UserfaultfdSupport Userfaultfd,
    bool KpagecountReadable,
    int PageSize,
    string KernelRelease,
    long SwapTotalKb,
    long MaxMapCount,
    string? LibcPath)
{
    private static readonly Lazy<KernelProfile> s_current = new(() => Probe());

    /// <summary>This kernel's profile, probed on first use and kept for the life of the process.</summary>
    public static KernelProfile Current => s_current.Value;

    /// <summary>Some size of huge or large anonymous page can be used (THP or an mTHP size not <c>never</c>).</summary>
    public bool LargeAnonymousPages => TransparentHugePages.AnyEnabled(ThpEnabled, Mthp);

    /// <summary>How long the last <see cref="Probe"/> took.</summary>
    public static TimeSpan LastProbeTime { get; private set; }

    /// <summary>Measures every fact now.</summary>
    public static KernelProfile Probe()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the kernel profile probes a Linux kernel");
        var clock = Stopwatch.StartNew();
        bool zeroPage = ZeroPageProbe.Run(out _);
        var profile = new KernelProfile(
            zeroPage,
            FaultAroundProbe.Run(),
            TransparentHugePages.GlobalMode(),
            TransparentHugePages.SizeModes(),
            UserfaultfdSupport.Probe(),
            PhysicalPages.IsAvailable,
            Environment.SystemPageSize,
            File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
            MeminfoKb("SwapTotal"),
            long.Parse(File.ReadAllText("/proc/sys/vm/max_map_count").Trim()),
            MappedLibc());
        LastProbeTime = clock.Elapsed;
        return profile;
    }

    private static long MeminfoKb(string field)
    {
        foreach (string line in File.ReadLines("/proc/meminfo"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
        return 0;
    }

    /// <summary>The path of the C library mapped into this process (<c>libc.so.6</c> or <c>libc-*.so</c>).</summary>
    public static string? MappedLibc()
    {
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash < 0) continue;
            string path = line[slash..];
            string name = Path.GetFileName(path);
            if (name.StartsWith("libc.so", StringComparison.Ordinal) || (name.StartsWith("libc-", StringComparison.Ordinal) && name.EndsWith(".so", StringComparison.Ordinal)))
                return path;
        }
        return null;
    }
}
