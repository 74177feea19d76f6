using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>native/src/agents/launch.c: a program started stopped, for the fault recorder.</summary>
internal static unsafe partial class NativeLib
{
    /// <summary>mmaptk_launch.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LaunchNative
    {
        public int Pid;
        public int GoFd;
        public int StatusFd;
        public int Reserved;
    }

    /// <summary>mmaptk_launch_baseline: the child's own fault counts just before execve.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LaunchBaseline
    {
        public long MinorFaults;
        public long MajorFaults;
    }

    [LibraryImport(Name, EntryPoint = "mmaptk_launch_stopped")]
    internal static partial int LaunchStopped(byte* path, byte** argv, out LaunchNative launch);

    [LibraryImport(Name, EntryPoint = "mmaptk_launch_go")]
    internal static partial int LaunchGo(int goFd, int statusFd, out LaunchBaseline baseline, out int execErrno);
}
