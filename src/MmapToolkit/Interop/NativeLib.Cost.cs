using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>native/src/measurements/cost_loops.c: the timing loops of <c>mmaptk cost</c> that must run without managed code.</summary>
internal static partial class NativeLib
{
    /// <summary>memset(address, value, length), measured like a touch loop. 0 or -errno.</summary>
    [LibraryImport(Name, EntryPoint = "mmaptk_cost_memset")]
    internal static partial int CostMemset(nint address, ulong length, int value, out TouchResultNative result);

    /// <summary>pread the whole file into buffer (which must hold it), measured like a touch loop; Completed = bytes read.
    /// 0, -EFBIG when the file is longer than the buffer, or -errno.</summary>
    [LibraryImport(Name, EntryPoint = "mmaptk_cost_read_all")]
    internal static partial int CostReadAll(int fd, nint buffer, ulong length, out TouchResultNative result);
}
