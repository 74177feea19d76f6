using System.Globalization;
using MmapToolkit.Interop;
using MmapToolkit.Observers;
using static MmapToolkit.Interop.PerfEventConstants;

namespace MmapToolkit.Recording;

/// <summary>What a perf event id stands for.</summary>
internal enum FaultEventKind { Minor, Major, Tracepoint }

/// <summary>
/// The perf events behind one recorder: for every thread and CPU, the software events minor-faults and major-faults
/// sampled on every fault (period 1, IDENTIFIER | IP | TID | TIME | ADDR), the first also reporting mmaps (MMAP2),
/// and the tracepoint exceptions:page_fault_user where it can be used. All events on one CPU write into one ring
/// buffer (PERF_EVENT_IOC_SET_OUTPUT); inherited events (threads and children created later) write into their
/// parent's. The kernel allows mmap of an inherited event only per CPU, so an inheriting recorder opens one set per
/// online CPU; the calling thread alone needs one set on any CPU.
/// </summary>
internal sealed class PerfFaultEvents : IDisposable
{
    private readonly List<int> _fds = [];
    private readonly List<int> _faultEventFds = [];
    private readonly Dictionary<ulong, FaultEventKind> _kinds = [];
    private readonly List<PerfRingBuffer> _buffers = [];

    private PerfFaultEvents() { }

    public IReadOnlyList<PerfRingBuffer> Buffers => _buffers;
    public IReadOnlyDictionary<ulong, FaultEventKind> Kinds => _kinds;
    public bool KernelModeIncluded { get; private set; }
    public string? KernelModeReason { get; private set; }
    public PageFaultTracepoint? Tracepoint { get; private set; }
    public string? CauseReason { get; private set; }

    /// <summary>
    /// Opens the events on <paramref name="tids"/> (0: the calling thread). <paramref name="inherit"/>: threads and
    /// children they create later are recorded too (one buffer per CPU). <paramref name="enableOnExec"/>: the events
    /// start at the thread's next execve, otherwise at <see cref="Enable"/>.
    /// </summary>
    public static PerfFaultEvents Open(IReadOnlyList<int> tids, bool inherit, bool enableOnExec, int dataPages, string target)
    {
        var events = new PerfFaultEvents();
        try
        {
            events.OpenAll(tids, inherit, enableOnExec, dataPages, target);
            return events;
        }
        catch
        {
            events.Dispose();
            throw;
        }
    }

    private void OpenAll(IReadOnlyList<int> tids, bool inherit, bool enableOnExec, int dataPages, string target)
    {
        int[] cpus = inherit ? OnlineCpus() : [-1];
        long pageSize = Libc.Sysconf(Libc._SC_PAGESIZE);
        bool excludeKernel = false;
        // Kernel-mode samples (faults the kernel takes on the program's memory inside a system call) need
        // perf_event_paranoid <= 1 or CAP_PERFMON: try, and fall back to user mode only.
        int probe = TryOpen(Software(PERF_COUNT_SW_PAGE_FAULTS_MIN, false, inherit, enableOnExec, dataPages, pageSize, mmap: false),
                            tids[0], cpus[0], out var probeErrno);
        if (probe < 0 && probeErrno is Errno.EACCES or Errno.EPERM)
        {
            excludeKernel = true;
            KernelModeReason = $"faults the kernel takes on the program's memory inside system calls are not recorded: that needs "
                             + $"kernel.perf_event_paranoid at 1 or lower (it is {Paranoid()?.ToString(CultureInfo.InvariantCulture) ?? "unreadable"}) or CAP_PERFMON";
        }
        else if (probe < 0)
        {
            throw Refused(probeErrno, tids[0], target);
        }
        if (probe >= 0) Libc.Close(probe);
        KernelModeIncluded = !excludeKernel;

        if (excludeKernel) CauseReason = "the tracepoint exceptions:page_fault_user needs kernel-mode samples, refused here";
        else
        {
            Tracepoint = PageFaultTracepoint.Find(out string? reason);
            CauseReason = reason;
        }

        int opened = 0;
        foreach (int cpu in cpus)
        {
            int leader = -1;
            foreach (int tid in tids)
            {
                int min = OpenOne(Software(PERF_COUNT_SW_PAGE_FAULTS_MIN, excludeKernel, inherit, enableOnExec, dataPages, pageSize, mmap: true),
                                  tid, cpu, FaultEventKind.Minor, target, tids.Count > 1);
                if (min < 0) continue;   // a thread that ended since the list was read
                opened++;
                if (leader < 0)
                {
                    leader = min;
                    _buffers.Add(new PerfRingBuffer(min, dataPages));
                }
                else Redirect(min, leader);
                int maj = OpenOne(Software(PERF_COUNT_SW_PAGE_FAULTS_MAJ, excludeKernel, inherit, enableOnExec, dataPages, pageSize, mmap: false),
                                  tid, cpu, FaultEventKind.Major, target, tids.Count > 1);
                if (maj >= 0) Redirect(maj, leader);
                if (Tracepoint is { } tp)
                {
                    foreach (ulong id in tp.KernelId is { } k ? new[] { tp.Id, k } : [tp.Id])
                    {
                        var attr = Common(excludeKernel: false, inherit, enableOnExec, dataPages, pageSize, mmap: false);
                        attr.Type = PERF_TYPE_TRACEPOINT;
                        attr.Config = id;
                        attr.SampleType |= PERF_SAMPLE_RAW;
                        int fd = TryOpen(attr, tid, cpu, out var errno);
                        if (fd < 0)
                        {
                            CauseReason = $"perf_event_open of the tracepoint exceptions:page_fault_user failed: {errno.Name()} ({errno.Description()})";
                            Tracepoint = null;
                            break;
                        }
                        Register(fd, FaultEventKind.Tracepoint);
                        Redirect(fd, leader);
                    }
                }
            }
        }
        if (opened == 0) throw new ProcessNotFoundException(tids[0]);
    }

    public void Enable()
    {
        foreach (int fd in _fds) Libc.Ioctl(fd, PERF_EVENT_IOC_RESET, 0);
        foreach (int fd in _fds) Libc.Ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
    }

    /// <summary>
    /// How many faults the minor and major events counted since they were reset (with inherited children's, once those
    /// ended). Every counted fault was due a sample: this less the samples read is what the kernel dropped, even when
    /// no PERF_RECORD_LOST was written (the kernel writes one only when there is room again).
    /// </summary>
    public long CountedFaults()
    {
        long total = 0;
        foreach (int fd in _faultEventFds)
            if (Libc.ReadCount(fd, out ulong count, sizeof(ulong)) == sizeof(ulong)) total += (long)count;
        return total;
    }

    public void Disable() { foreach (int fd in _fds) Libc.Ioctl(fd, PERF_EVENT_IOC_DISABLE, 0); }

    private static Libc.PerfEventAttr Common(bool excludeKernel, bool inherit, bool enableOnExec, int dataPages, long pageSize, bool mmap)
    {
        var attr = new Libc.PerfEventAttr
        {
            Size = PERF_ATTR_SIZE_VER7,
            SamplePeriod = 1,
            SampleType = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_ADDR,
            Flags = FLAG_disabled | FLAG_exclude_hv | FLAG_sample_id_all | FLAG_use_clockid | FLAG_watermark,
            // Wake the drain thread when a quarter of the buffer is full (it also polls on a timeout).
            WakeupEvents = (uint)Math.Max(1, dataPages * pageSize / 4),
            ClockId = CLOCK_MONOTONIC,
        };
        if (excludeKernel) attr.Flags |= FLAG_exclude_kernel;
        if (inherit) attr.Flags |= FLAG_inherit;
        if (enableOnExec) attr.Flags |= FLAG_enable_on_exec;
        if (mmap) attr.Flags |= FLAG_mmap | FLAG_mmap_data | FLAG_mmap2;
        return attr;
    }

    private static Libc.PerfEventAttr Software(ulong config, bool excludeKernel, bool inherit, bool enableOnExec, int dataPages, long pageSize, bool mmap)
    {
        var attr = Common(excludeKernel, inherit, enableOnExec, dataPages, pageSize, mmap);
        attr.Type = PERF_TYPE_SOFTWARE;
        attr.Config = config;
        return attr;
    }

    private static int TryOpen(Libc.PerfEventAttr attr, int tid, int cpu, out Errno errno)
    {
        int fd = Libc.PerfEventOpen(ref attr, tid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
        errno = fd < 0 ? ErrnoExtensions.Last() : 0;
        return fd;
    }

    /// <summary>Opens one event; -1 for a thread that is gone when others remain (<paramref name="someOfMany"/>).</summary>
    private int OpenOne(Libc.PerfEventAttr attr, int tid, int cpu, FaultEventKind kind, string target, bool someOfMany)
    {
        int fd = TryOpen(attr, tid, cpu, out var errno);
        if (fd < 0)
        {
            if (errno == Errno.ESRCH && someOfMany) return -1;
            throw Refused(errno, tid, target);
        }
        Register(fd, kind);
        _faultEventFds.Add(fd);
        return fd;
    }

    private void Register(int fd, FaultEventKind kind)
    {
        _fds.Add(fd);
        if (Libc.IoctlGetU64(fd, PERF_EVENT_IOC_ID, out ulong id) != 0)
            throw SyscallException.FromLastError($"ioctl(perf event fd {fd}, PERF_EVENT_IOC_ID)");
        _kinds[id] = kind;
    }

    private static void Redirect(int fd, int leader)
    {
        if (Libc.Ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, leader) != 0)
            throw SyscallException.FromLastError($"ioctl(perf event fd {fd}, PERF_EVENT_IOC_SET_OUTPUT, {leader})");
    }

    private static Exception Refused(Errno errno, int tid, string target)
    {
        string call = $"perf_event_open(page faults of {target})";
        if (errno == Errno.ESRCH) return new ProcessNotFoundException(tid);
        if (errno is Errno.EACCES or Errno.EPERM)
        {
            int? level = Paranoid();
            return new PerfEventRefusedException(call, errno, RefusalReason(level)) { ParanoidLevel = level };
        }
        if (errno == Errno.ENOENT || errno == Errno.ENOSYS)
            return SyscallException.For(call, errno, "this kernel has no perf events (CONFIG_PERF_EVENTS), or a seccomp filter blocks them");
        return SyscallException.For(call, errno);
    }

    /// <summary>Why perf_event_open refused, for kernel.perf_event_paranoid at <paramref name="level"/> (null: unreadable),
    /// and what still works.</summary>
    internal static string RefusalReason(int? level)
    {
        string levelText = level?.ToString(CultureInfo.InvariantCulture) ?? "unreadable";
        string why = level is null or > 2
            ? $"kernel.perf_event_paranoid is {levelText}; recording your own processes' page faults needs 2 or lower "
              + "(sysctl -w kernel.perf_event_paranoid=2, as root) or CAP_PERFMON"
            : $"kernel.perf_event_paranoid is {levelText}, which allows your own processes only: another user's process needs "
              + "root or CAP_PERFMON (and ptrace access to it)";
        return why + "; fault counts from getrusage (mmaptk fork-probe, the demos) still work";
    }

    /// <summary>kernel.perf_event_paranoid, or null when it cannot be read.</summary>
    internal static int? Paranoid()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/kernel/perf_event_paranoid").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The online CPUs, from /sys/devices/system/cpu/online ("0-1,4").</summary>
    internal static int[] OnlineCpus()
    {
        string text = File.ReadAllText("/sys/devices/system/cpu/online").Trim();
        var cpus = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-');
            int first = int.Parse(ends[0], CultureInfo.InvariantCulture), last = int.Parse(ends[^1], CultureInfo.InvariantCulture);
            for (int c = first; c <= last; c++) cpus.Add(c);
        }
        return [.. cpus];
    }

    public void Dispose()
    {
        foreach (var b in _buffers) b.Dispose();
        _buffers.Clear();
        foreach (int fd in _fds) Libc.Close(fd);
        _fds.Clear();
        _faultEventFds.Clear();
    }
}
