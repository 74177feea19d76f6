using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>native/src/profile/kernel_probe.c: the userfaultfd probe of the kernel profile.</summary>
internal static partial class NativeLib
{
    /// <summary>Mirrors <c>mmaptk_uffd_probe_t</c> (native/src/profile/kernel_probe.h; layout pinned there and in MirroredStructLayoutTests).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct UserfaultfdProbeNative
    {
        public int How;
        public int ErrnoSyscall;
        public int ErrnoUserModeOnly;
        public int ErrnoDevice;
        public int ErrnoApi;
        public int Reserved;
        public ulong Features;
    }

    [LibraryImport(Name, EntryPoint = "mmaptk_probe_userfaultfd")]
    internal static partial int ProbeUserfaultfd(out UserfaultfdProbeNative result);

    /// <summary>The same probe, in a forked child under a seccomp filter that refuses userfaultfd with EPERM (for tests). 0 or -errno.</summary>
    [LibraryImport(Name, EntryPoint = "mmaptk_probe_userfaultfd_under_seccomp")]
    internal static partial int ProbeUserfaultfdUnderSeccomp(out UserfaultfdProbeNative result);
}
