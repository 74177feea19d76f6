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
    private static partial int Poll(PollFd* fds, ulong count, int timeoutMs);

    /// <summary>poll(fds, n, timeout): the number ready, 0 on timeout, -1 with errno.</summary>
    internal static int Poll(Span<PollFd> fds, int timeoutMs)
    {
        fixed (PollFd* p = fds) return Poll(p, (ulong)fds.Length, timeoutMs);
    }
}
