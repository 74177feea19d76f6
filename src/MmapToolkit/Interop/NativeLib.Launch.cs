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
    private static partial int LaunchStopped(byte* path, byte** argv, out LaunchNative launch);

    /// <summary>mmaptk_launch_stopped(path, {path, arguments…, NULL}): 0 or -errno.</summary>
    internal static int LaunchStopped(string path, IReadOnlyList<string> arguments, out LaunchNative launch)
    {
        var strings = new List<nint>();
        try
        {
            nint pathPtr = Marshal.StringToCoTaskMemUTF8(path);
            strings.Add(pathPtr);
            var argv = new nint[arguments.Count + 2];
            argv[0] = pathPtr;
            for (int i = 0; i < arguments.Count; i++)
            {
                argv[i + 1] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
                strings.Add(argv[i + 1]);
            }
            fixed (nint* a = argv) return LaunchStopped((byte*)pathPtr, (byte**)a, out launch);
        }
        finally
        {
            foreach (var s in strings) Marshal.FreeCoTaskMem(s);
        }
    }

    [LibraryImport(Name, EntryPoint = "mmaptk_launch_go")]
    internal static partial int LaunchGo(int goFd, int statusFd, out LaunchBaseline baseline, out int execErrno);
}
