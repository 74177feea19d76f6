namespace MmapToolkit.Agents;

/// <summary>How a child process ended.</summary>
/// <param name="Pid">The child.</param>
/// <param name="ExitCode">Its exit code, when it exited.</param>
/// <param name="Signal">The signal that ended it, when one did (9: SIGKILL).</param>
/// <param name="KilledAfterTimeout">It overran its timeout and the parent killed it.</param>
public sealed record ChildExit(int Pid, int? ExitCode, int? Signal, bool KilledAfterTimeout)
{
    internal static ChildExit FromWaitStatus(int pid, int status, bool killed) =>
        (status & 0x7f) == 0
            ? new ChildExit(pid, (status >> 8) & 0xff, null, killed)
            : new ChildExit(pid, null, status & 0x7f, killed);

    /// <summary>"exited with 0", "killed by signal 9 after overrunning its timeout".</summary>
    public override string ToString() =>
        (ExitCode is { } code ? $"exited with {code}" : $"killed by signal {Signal}") + (KilledAfterTimeout ? " after overrunning its timeout" : "");
}
