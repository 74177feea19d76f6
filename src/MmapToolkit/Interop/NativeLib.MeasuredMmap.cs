using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>native/src/measurements/measured_mmap.c: mmap with the faults the call itself took (RUSAGE_THREAD, around the syscall only).</summary>
internal static partial class NativeLib
{
    [LibraryImport(Name, EntryPoint = "mmaptk_mmap_measured", SetLastError = true)]
    internal static partial nint MmapMeasured(nint addr, nuint length, int prot, int flags, int fd, long offset,
                                              out long minorFaults, out long majorFaults);
}
