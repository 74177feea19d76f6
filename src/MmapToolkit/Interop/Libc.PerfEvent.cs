using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>
/// perf_event_open(2) and its ioctls, for the fault recorder (Recording/). glibc has no wrapper: the system call goes
/// through syscall(3). syscall and ioctl are variadic in C; every argument here is an integer or a pointer, which the
/// x86_64 calling convention passes the same way to a variadic function.
/// </summary>
internal static unsafe partial class Libc
{
    /// <summary>struct perf_event_attr as &lt;linux/perf_event.h&gt; has it at PERF_ATTR_SIZE_VER7 (128 bytes; a newer
    /// kernel accepts it, with the later fields zero). The C bitfield is one word, <see cref="Flags"/>
    /// (PerfEventConstants.FLAG_*). Pinned by native/src/common/perf_layout.c and MirroredStructLayoutTests.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PerfEventAttr
    {
        public uint Type;
        public uint Size;
        public ulong Config;
        public ulong SamplePeriod;
        public ulong SampleType;
        public ulong ReadFormat;
        public ulong Flags;
        public uint WakeupEvents;        // or wakeup_watermark, with FLAG_watermark
        public uint BpType;
        public ulong Config1;
        public ulong Config2;
        public ulong BranchSampleType;
        public ulong SampleRegsUser;
        public uint SampleStackUser;
        public int ClockId;
        public ulong SampleRegsIntr;
        public uint AuxWatermark;
        public ushort SampleMaxStack;
        public ushort Reserved2;
        public uint AuxSampleSize;
        public uint Reserved3;
        public ulong SigData;
    }

    [LibraryImport(Name, EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall5(long number, PerfEventAttr* attr, long pid, long cpu, long groupFd, ulong flags);

    /// <summary>perf_event_open(attr, pid, cpu, group_fd, flags): a descriptor, or -1 with errno.</summary>
    internal static int PerfEventOpen(ref PerfEventAttr attr, int pid, int cpu, int groupFd, ulong flags)
    {
        fixed (PerfEventAttr* a = &attr)
            return (int)Syscall5(PerfEventConstants.SYS_perf_event_open, a, pid, cpu, groupFd, flags);
    }

    /// <summary>read(2) of a perf event: its count (read_format 0: one u64).</summary>
    [LibraryImport(Name, EntryPoint = "read", SetLastError = true)]
    internal static partial nint ReadCount(int fd, out ulong count, nuint size);

    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, ulong request, nint argument);

    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlGetU64(int fd, ulong request, out ulong value);
}
