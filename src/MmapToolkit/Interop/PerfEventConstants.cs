namespace MmapToolkit.Interop;

/// <summary>
/// Values from &lt;linux/perf_event.h&gt; (and &lt;sys/syscall.h&gt;, &lt;poll.h&gt;, &lt;sys/wait.h&gt;) for the fault recorder, under
/// their C names. PerfEventConstantsTests compiles a C program against the real headers and checks every one, and
/// the bit of each <c>FLAG_</c> in the attr's bitfield word.
/// </summary>
internal static class PerfEventConstants
{
    public const int SYS_perf_event_open = 298;

    public const uint PERF_TYPE_SOFTWARE = 1, PERF_TYPE_TRACEPOINT = 2;

    public const ulong PERF_COUNT_SW_PAGE_FAULTS = 2, PERF_COUNT_SW_PAGE_FAULTS_MIN = 5, PERF_COUNT_SW_PAGE_FAULTS_MAJ = 6;

    public const ulong PERF_SAMPLE_IP = 1 << 0, PERF_SAMPLE_TID = 1 << 1, PERF_SAMPLE_TIME = 1 << 2, PERF_SAMPLE_ADDR = 1 << 3,
        PERF_SAMPLE_RAW = 1 << 10, PERF_SAMPLE_IDENTIFIER = 1 << 16;

    public const uint PERF_RECORD_LOST = 2, PERF_RECORD_SAMPLE = 9, PERF_RECORD_MMAP2 = 10, PERF_RECORD_LOST_SAMPLES = 13;

    public const ushort PERF_RECORD_MISC_CPUMODE_MASK = 7, PERF_RECORD_MISC_KERNEL = 1, PERF_RECORD_MISC_USER = 2;

    public const ulong PERF_FLAG_FD_CLOEXEC = 8;

    public const uint PERF_EVENT_IOC_ENABLE = 0x2400, PERF_EVENT_IOC_DISABLE = 0x2401, PERF_EVENT_IOC_RESET = 0x2403, PERF_EVENT_IOC_SET_OUTPUT = 0x2405;
    public const uint PERF_EVENT_IOC_ID = 0x80082407;

    public const uint PERF_ATTR_SIZE_VER7 = 128;

    /// <summary>Offsets in the ring buffer's first page (struct perf_event_mmap_page).</summary>
    public const int PERF_MMAP_DATA_HEAD = 1024, PERF_MMAP_DATA_TAIL = 1032, PERF_MMAP_DATA_OFFSET = 1040, PERF_MMAP_DATA_SIZE = 1048;

    public const int CLOCK_MONOTONIC = 1;
    public const short POLLIN = 1;
    public const int WNOHANG = 1;

    // Bits of the attr's flag word (the C bitfield after read_format), checked by the test: 1 << bit.
    public const ulong FLAG_disabled = 1UL << 0, FLAG_inherit = 1UL << 1, FLAG_exclude_kernel = 1UL << 5,
        FLAG_exclude_hv = 1UL << 6, FLAG_mmap = 1UL << 8, FLAG_enable_on_exec = 1UL << 12, FLAG_watermark = 1UL << 14,
        FLAG_mmap_data = 1UL << 17, FLAG_sample_id_all = 1UL << 18, FLAG_mmap2 = 1UL << 23, FLAG_use_clockid = 1UL << 25;
}
