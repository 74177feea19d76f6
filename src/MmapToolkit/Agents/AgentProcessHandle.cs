using System.Runtime.InteropServices;
using MmapToolkit.Interop;

namespace MmapToolkit.Agents;

/// <summary>
/// Owns an agent's pidfd (the handle) and its socket. Releasing it is the safety net behind
/// <see cref="ChildAgent.Dispose"/> and the finalizer: close the socket (the agent reads EOF, ends the agents it
/// forked and exits), wait a grace period, SIGKILL if still there, and reap it if it is our child. Never leaves a
/// process behind.
/// </summary>
internal sealed class AgentProcessHandle : SafeHandle
{
    private static readonly int GraceMs = 2000, KillWaitMs = 10000;
    private int _socket;

    public AgentProcessHandle(int pidfd, int socket, int pid, bool ownChild) : base(-1, ownsHandle: true)
    {
        SetHandle(pidfd);
        _socket = socket;
        Pid = pid;
        OwnChild = ownChild;
    }

    public int Pid { get; }

    /// <summary>True when the agent is a child of this process (we reap it); false for an agent forked by an agent.</summary>
    public bool OwnChild { get; }

    /// <summary>Set once the process has been waited for (and, if our child, reaped).</summary>
    public bool Reaped { get; private set; }

    public int Socket => _socket;

    public int PidFd => (int)handle;

    public override bool IsInvalid => handle == -1;

    public void CloseSocket()
    {
        int s = Interlocked.Exchange(ref _socket, -1);
        if (s >= 0) Libc.Close(s);
    }

    /// <summary>Waits for the process to end; reaps it if it is our child. 0, -ETIMEDOUT or -errno; the status is -1 when not ours.</summary>
    public int Wait(int timeoutMs, out int status)
    {
        status = -1;
        if (Reaped) return 0;
        int rc = NativeLib.AgentWait(PidFd, OwnChild ? 1 : 0, timeoutMs, out status);
        if (rc == 0 || rc == -(int)Errno.ECHILD) Reaped = true;
        return rc == -(int)Errno.ECHILD ? 0 : rc;
    }

    public bool HasEnded => Reaped || NativeLib.AgentHasEnded(PidFd) == 1;

    public int Signal(int signal) => Reaped ? -(int)Errno.ESRCH : NativeLib.AgentSignal(PidFd, signal);

    protected override bool ReleaseHandle()
    {
        CloseSocket();
        if (!Reaped && Wait(GraceMs, out _) != 0)
        {
            NativeLib.AgentSignal(PidFd, Signals.SIGKILL);
            Wait(KillWaitMs, out _);
        }
        Libc.Close((int)handle);
        return true;
    }
}

internal static class Signals
{
    public const int SIGKILL = 9, SIGTERM = 15, SIGCONT = 18, SIGSTOP = 19;
}
