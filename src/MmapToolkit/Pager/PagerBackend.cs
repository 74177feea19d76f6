namespace MmapToolkit.Pager;

/// <summary>
/// How a <see cref="UserPager"/> region takes its faults. Both give the same faults, victims and swap traffic for a
/// trace (the same tables and policies in native code); they differ in cost and in what the kernel must allow.
/// </summary>
public enum PagerBackend
{
    /// <summary>The notes' own trick: the region starts <c>PROT_NONE</c>, a SIGSEGV handler maps a frame of a memfd
    /// pool at the page (<c>mmap(MAP_FIXED)</c>). Works everywhere; a resident page can be its own kernel VMA, so
    /// frames are bounded by <c>vm.max_map_count</c>.</summary>
    Sigsegv = 0,

    /// <summary>userfaultfd in SIGBUS mode: a missing page raises SIGBUS in the faulting thread, the handler fills a
    /// bounce page and installs it with one <c>UFFDIO_COPY</c>. The region stays one VMA. Needs userfaultfd with the
    /// SIGBUS feature (and write-protect for a writable region), which a seccomp filter or the kernel may refuse.</summary>
    Userfaultfd = 1,
}

/// <summary>The backend a region uses and why (asked for, or chosen by the kernel profile's userfaultfd probe).</summary>
/// <param name="Backend">The backend.</param>
/// <param name="Reason">One sentence: why this backend.</param>
public sealed record PagerBackendChoice(PagerBackend Backend, string Reason);

/// <summary>Names of the backends as the command line spells them, and the default choice.</summary>
public static class PagerBackends
{
    /// <summary>The backend named <paramref name="name"/>: <c>uffd</c> (or <c>userfaultfd</c>) or <c>sigsegv</c>; an
    /// unknown name throws <see cref="ArgumentException"/>.</summary>
    public static PagerBackend Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "uffd" or "userfaultfd" => PagerBackend.Userfaultfd,
        "sigsegv" or "segv" => PagerBackend.Sigsegv,
        _ => throw new ArgumentException($"unknown pager backend '{name}': use uffd or sigsegv"),
    };

    /// <summary><c>uffd</c> or <c>sigsegv</c>, as <see cref="Parse"/> reads it.</summary>
    public static string Name(this PagerBackend backend) => backend == PagerBackend.Userfaultfd ? "uffd" : "sigsegv";

    private static readonly Lazy<Profile.UserfaultfdSupport> s_probe = new(Profile.UserfaultfdSupport.Probe);

    /// <summary>The backend for <paramref name="requested"/>: itself when given; otherwise userfaultfd where this
    /// process's probe (<see cref="Profile.UserfaultfdSupport.Probe"/>, run once) finds it with the features the pager
    /// needs, else SIGSEGV, with the probe's reason.</summary>
    public static PagerBackendChoice Choose(PagerBackend? requested, bool writable = true) =>
        Choose(requested, writable, requested is null ? s_probe.Value : null);

    /// <summary>The same decision on a given probe result (for tests, and for a probe made elsewhere).</summary>
    public static PagerBackendChoice Choose(PagerBackend? requested, bool writable, Profile.UserfaultfdSupport? probe)
    {
        if (requested is PagerBackend asked) return new PagerBackendChoice(asked, $"{asked.Name()}: asked for");
        ArgumentNullException.ThrowIfNull(probe);
        if (!probe.Available)
            return new PagerBackendChoice(PagerBackend.Sigsegv, $"sigsegv: userfaultfd is not available here ({probe.Reason})");
        string[] needed = writable ? ["SIGBUS", "PAGEFAULT_FLAG_WP"] : ["SIGBUS"];
        var missing = needed.Where(f => !probe.Features.Contains(f)).ToArray();
        if (missing.Length > 0)
            return new PagerBackendChoice(PagerBackend.Sigsegv,
                $"sigsegv: userfaultfd is available ({probe.How}) but lacks the feature{(missing.Length > 1 ? "s" : "")} {string.Join(" and ", missing)} the pager needs");
        return new PagerBackendChoice(PagerBackend.Userfaultfd,
            $"uffd: the kernel profile found userfaultfd ({probe.How}) with {string.Join(" and ", needed)}");
    }
}
