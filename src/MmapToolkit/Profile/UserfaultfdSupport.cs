using MmapToolkit.Interop;

namespace MmapToolkit.Profile;

/// <summary>
/// Whether this process can get a userfaultfd, and how: the plain system call, the call limited to user-mode faults
/// (<c>UFFD_USER_MODE_ONLY</c>, allowed unprivileged when <c>vm.unprivileged_userfaultfd</c> is 0), or
/// <c>/dev/userfaultfd</c>. Found by trying each, never from the user's name.
/// </summary>
/// <param name="Available">A descriptor was had and the API handshake succeeded.</param>
/// <param name="How"><c>syscall</c>, <c>user-mode-only</c>, <c>/dev/userfaultfd</c>, or null when unavailable.</param>
/// <param name="Features">The names of the feature bits UFFDIO_API offers (<c>SIGBUS</c>, <c>MINOR_SHMEM</c>, …).</param>
/// <param name="FeatureBits">The same bits as one number.</param>
/// <param name="Reason">Null when available; otherwise why not, with each way's errno.</param>
public sealed record UserfaultfdSupport(bool Available, string? How, IReadOnlyList<string> Features, ulong FeatureBits, string? Reason)
{
    /// <summary>Bit names of <c>UFFD_FEATURE_*</c> in &lt;linux/userfaultfd.h&gt;, bit 0 first.</summary>
    public static readonly IReadOnlyList<string> FeatureNames =
    [
        "PAGEFAULT_FLAG_WP", "EVENT_FORK", "EVENT_REMAP", "EVENT_REMOVE", "MISSING_HUGETLBFS", "MISSING_SHMEM",
        "EVENT_UNMAP", "SIGBUS", "THREAD_ID", "MINOR_HUGETLBFS", "MINOR_SHMEM", "EXACT_ADDRESS", "WP_HUGETLBFS_SHMEM",
        "WP_UNPOPULATED", "POISON", "WP_ASYNC", "MOVE",
    ];

    /// <summary>Tries each way now, in native code, and reports the first that works, or why none did.</summary>
    public static UserfaultfdSupport Probe()
    {
        int rc = NativeLib.ProbeUserfaultfd(out var r);
        if (rc != 0) return Unavailable($"the probe failed: {((Errno)(-rc)).Name()}");
        return FromNative(r, SeccompMode(), ReadSysctl("/proc/sys/vm/unprivileged_userfaultfd"));
    }

    internal static UserfaultfdSupport FromNative(NativeLib.UserfaultfdProbeNative r, int? seccompMode, int? unprivilegedSysctl)
    {
        string? how = r.How switch { 1 => "syscall", 2 => "user-mode-only", 3 => "/dev/userfaultfd", _ => null };
        if (how is not null) return new UserfaultfdSupport(true, how, NamesOf(r.Features), r.Features, null);
        return Unavailable(Why(r, seccompMode, unprivilegedSysctl));
    }

    private static UserfaultfdSupport Unavailable(string reason) => new(false, null, [], 0, reason);

    private static string Why(NativeLib.UserfaultfdProbeNative r, int? seccompMode, int? unprivilegedSysctl)
    {
        string tried = $"userfaultfd() {NameOf(r.ErrnoSyscall)}, with UFFD_USER_MODE_ONLY {NameOf(r.ErrnoUserModeOnly)}, " +
                       $"/dev/userfaultfd {NameOf(r.ErrnoDevice)}";
        if (r.ErrnoApi != 0) return $"UFFDIO_API refused the handshake ({NameOf(r.ErrnoApi)})";
        // UFFD_USER_MODE_ONLY is allowed to anyone; refused as well, the likely cause is a filter, not a privilege.
        bool refusedOutright = (Errno)r.ErrnoSyscall is Errno.EPERM or Errno.ENOSYS && (Errno)r.ErrnoUserModeOnly is Errno.EPERM or Errno.ENOSYS;
        if (refusedOutright && seccompMode == 2)
            return $"blocked by a seccomp filter (this process runs under one, as in a container): {tried}";
        if ((Errno)r.ErrnoSyscall == Errno.ENOSYS) return $"the kernel has no userfaultfd (CONFIG_USERFAULTFD off): {tried}";
        if ((Errno)r.ErrnoSyscall == Errno.EPERM && unprivilegedSysctl == 0)
            return $"not permitted: vm.unprivileged_userfaultfd is 0 and this process lacks CAP_SYS_PTRACE: {tried}";
        return $"refused: {tried}";
    }

    private static string NameOf(int errno) => errno == 0 ? "not tried" : ((Errno)errno).Name();

    private static IReadOnlyList<string> NamesOf(ulong bits)
    {
        var names = new List<string>();
        for (int bit = 0; bit < 64; bit++)
            if ((bits & (1UL << bit)) != 0) names.Add(bit < FeatureNames.Count ? FeatureNames[bit] : $"BIT{bit}");
        return names;
    }

    /// <summary>The <c>Seccomp:</c> field of /proc/self/status: 0 none, 1 strict, 2 filter; null if absent.</summary>
    private static int? SeccompMode()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("Seccomp:", StringComparison.Ordinal) && int.TryParse(line[8..].Trim(), out int mode)) return mode;
        }
        catch (IOException) { }
        return null;
    }

    private static int? ReadSysctl(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), out int v) ? v : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
