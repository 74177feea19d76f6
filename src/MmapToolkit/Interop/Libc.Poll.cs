using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>&lt;poll.h&gt;: poll, for the fault recorder's drain thread.</summary>
internal static unsafe partial class Libc
{
    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport(Name, EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, ulong count, int timeoutMs);
}
