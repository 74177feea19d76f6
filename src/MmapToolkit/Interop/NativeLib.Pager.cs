using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>Bindings to the user-level pager: every call and struct here is declared in native/src/pager/pager_api.h.</summary>
internal static unsafe partial class NativeLib
{
    internal const int PagerErrorLength = 512;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PagerConfig
    {
        public long Pages;
        public int Frames;
        public int Policy;
        public int Prot;
        public int Backend;
        public long FileOffset;
        public long SwapSlots;
        public ulong Seed;
        public byte* FilePath;
        public byte* SwapPath;
        public byte* PoolName;
        public long Tau;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct PagerStats
    {
        public ulong ZeroFills, FileReads, SwapIns, ReferenceFaults, DirtyFaults, SpuriousFaults;
        public ulong Evictions, SwapOuts, CleanDrops, BytesRead, BytesWritten, ResidentPages, Events;
        public ulong EvictionsInWorkingSet;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct PagerEventRecord
    {
        public ulong Seq;
        public long Page;
        public long Victim;
        public int Frame;
        public byte Cause;
        public byte Write;
        public byte VictimDirty;
        public byte Reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct PagerUffdChildResult
    {
        public int Rc, How, Euid, SetupErrno;
        public long Faults, Evictions, SwapOuts, SwapIns, Intact;
        public fixed byte Error[PagerErrorLength];
    }

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_uffd_in_child", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int PagerUffdInChild(int uid, int seccomp, long pages, int frames, int policy, long* trace, byte* writes,
                                                 int count, string swapPath, out PagerUffdChildResult result);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_create")]
    internal static partial int PagerCreate(PagerConfig* config, out int id, out nint baseAddress, byte* error, int errorLength);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_destroy")]
    internal static partial int PagerDestroy(int id);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_stats_get")]
    internal static partial int PagerStatsGet(int id, out PagerStats stats);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_read_events")]
    internal static partial int PagerReadEvents(int id, ulong from, PagerEventRecord* buffer, int max, out ulong next);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_set_trace")]
    internal static partial int PagerSetTrace(int id, long* pages, long count);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_set_position")]
    internal static partial int PagerSetPosition(int id, long position);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_virtual_time")]
    internal static partial long* PagerVirtualTime(int id);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_frame_of")]
    internal static partial int PagerFrameOf(int id, long page);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_page_in")]
    internal static partial long PagerPageIn(int id, int frame);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_uffd_how")]
    internal static partial int PagerUffdHow(int id);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_handler_installed")]
    internal static partial int PagerHandlerInstalled();

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_segv_handler_address")]
    internal static partial nuint PagerSegvHandlerAddress();

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_native_read")]
    internal static partial int PagerNativeRead(nint address);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_native_fill")]
    internal static partial void PagerNativeFill(nint address, nuint length, byte value);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_native_sum")]
    internal static partial ulong PagerNativeSum(nint address, nuint length);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_disable_core_dumps")]
    internal static partial int PagerDisableCoreDumps();

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_native_call")]
    internal static partial void PagerNativeCall(nint address);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_ignore_fault_signals")]
    internal static partial int PagerIgnoreFaultSignals();

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_cost_kernel_zero")]
    internal static partial int PagerCostKernelZero(long pages, int reps, double* nsPerFault);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_cost_sigsegv_mprotect")]
    internal static partial int PagerCostSigsegvMprotect(long pages, int reps, int fill, double* nsPerFault);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_cost_pager_fault")]
    internal static partial int PagerCostPagerFault(int backend, int scattered, long pages, int reps, double* nsPerFault, byte* error, int errorLength);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_cost_pager_swap", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int PagerCostPagerSwap(int backend, long frames, int reps, string swapPath, double* nsPerFault, byte* error, int errorLength);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_cost_pager_swap_in", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int PagerCostPagerSwapIn(int backend, long pages, int reps, string swapPath, double* nsPerFault, byte* error, int errorLength);

    /// <summary>Returned by the userfaultfd cost loops when userfaultfd is not available here (the reason is in the error buffer).</summary>
    internal const int PagerCostUnavailable = 1;

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_cost_uffd_sigbus")]
    internal static partial int PagerCostUffdSigbus(long pages, int reps, int fill, double* nsPerFault, out long kernelFaults, byte* error, int errorLength);

    [LibraryImport(Name, EntryPoint = "mmaptk_pager_cost_uffd_thread")]
    internal static partial int PagerCostUffdThread(long pages, int reps, double* nsPerFault, out long kernelFaults, byte* error, int errorLength);
}
