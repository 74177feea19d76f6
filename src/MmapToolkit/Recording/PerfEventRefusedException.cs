using MmapToolkit.Interop;

namespace MmapToolkit.Recording;

/// <summary>
/// perf_event_open refused to record page faults (EACCES or EPERM). The message names what decides it: the sysctl
/// <c>kernel.perf_event_paranoid</c> and its level, ptrace access to another user's process, and what still works.
/// </summary>
public sealed class PerfEventRefusedException : SyscallException
{
    internal PerfEventRefusedException(string call, Errno errno, string reason) : base(call, errno, reason) { }

    /// <summary><c>kernel.perf_event_paranoid</c> as read when refused, or null when unreadable.</summary>
    public int? ParanoidLevel { get; init; }
}
