using System.Runtime.InteropServices;
using MmapToolkit.Interop;

namespace MmapToolkit.Pager;

/// <summary>What a userfaultfd region did in a forked child (native/src/pager/pager_uffd_probe.c): for tests that take
/// away what this process has (root: the child drops to another uid; or a seccomp filter refuses userfaultfd).</summary>
internal sealed record PagerUffdChildResult(int CreateResult, string Error, string? How, int Euid, int SetupErrno,
                                            long Faults, long Evictions, long SwapOuts, long SwapIns, bool Intact);

internal static unsafe class PagerUffdChild
{
    /// <summary>Forks; the child drops to <paramref name="uid"/> (-1: stays) and installs the seccomp filter when asked,
    /// creates a userfaultfd region of trace.Max()+1 pages, replays the trace and reports. Throws when the child failed.</summary>
    public static PagerUffdChildResult Run(int uid, bool seccomp, PagerPolicy policy, int frames, long[] trace, byte[] writes, string swapPath)
    {
        fixed (long* t = trace)
        fixed (byte* w = writes)
        {
            int rc = NativeLib.PagerUffdInChild(uid, seccomp ? 1 : 0, trace.Max() + 1, frames, (int)policy, t, w, trace.Length, swapPath, out var r);
            if (rc != 0) throw new InvalidOperationException($"the uffd child failed: {((Errno)(-rc)).Name()}");
            string error = Marshal.PtrToStringUTF8((nint)r.Error) ?? "";
            string? how = r.How switch { 1 => "syscall", 2 => "user-mode-only", 3 => "/dev/userfaultfd", _ => null };
            return new PagerUffdChildResult(r.Rc, error, how, r.Euid, r.SetupErrno, r.Faults, r.Evictions, r.SwapOuts, r.SwapIns, r.Intact == 1);
        }
    }
}
