using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>Bindings to native/src/fork_probe.c; the structs mirror fork_probe.h field for field.</summary>
internal static unsafe partial class NativeLib
{
    internal const uint ForkProbeMagic = 0x50464b4d;

    [StructLayout(LayoutKind.Sequential)]
    internal struct ForkProbeTouch
    {
        public ulong Address;
        public uint Write;
        public uint Value;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ForkProbeWorkload
    {
        public ForkProbeTouch* Touches;
        public ulong TouchCount;
        public ulong* Watch;
        public ulong WatchCount;
        public int Hold;
        public int Gate;
    }

    /// <summary>The 64-byte report header; before[WatchCount] and after[WatchCount] follow it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ForkProbeReport
    {
        public uint Magic;
        public int Pid;
        public int FailedStep;
        public int Error;
        public long MinorFaults;
        public long MajorFaults;
        public long ElapsedNs;
        public ulong TouchCount;
        public ulong WatchCount;
        public int GrandchildPid;
        public int Reserved;
    }

    [LibraryImport(Name, EntryPoint = "mmaptk_fp_start")]
    internal static partial int ForkProbeStart(ForkProbeWorkload* child, ForkProbeWorkload* grandchild, out nint probe);

    [LibraryImport(Name, EntryPoint = "mmaptk_fp_pid")]
    internal static partial int ForkProbePid(nint probe);

    [LibraryImport(Name, EntryPoint = "mmaptk_fp_fork_ns")]
    internal static partial long ForkProbeForkNs(nint probe);

    [LibraryImport(Name, EntryPoint = "mmaptk_fp_report_size")]
    internal static partial ulong ForkProbeReportSize(nint probe, int which);

    [LibraryImport(Name, EntryPoint = "mmaptk_fp_go")]
    internal static partial int ForkProbeGo(nint probe);

    [LibraryImport(Name, EntryPoint = "mmaptk_fp_await_report")]
    internal static partial int ForkProbeAwaitReport(nint probe, int which, int timeoutMs, byte* buffer, ulong length);

    [LibraryImport(Name, EntryPoint = "mmaptk_fp_release")]
    internal static partial int ForkProbeRelease(nint probe);

    [LibraryImport(Name, EntryPoint = "mmaptk_fp_wait")]
    internal static partial int ForkProbeWait(nint probe, int timeoutMs, out int wstatus);

    [LibraryImport(Name, EntryPoint = "mmaptk_fp_kill")]
    internal static partial int ForkProbeKill(nint probe);

    [LibraryImport(Name, EntryPoint = "mmaptk_fp_destroy")]
    internal static partial void ForkProbeDestroy(nint probe);
}
