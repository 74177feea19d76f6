using MmapToolkit.Agents;
using MmapToolkit.Observers;

namespace MmapToolkit.Recording;

/// <summary>
/// A launched program's run: how it ended, its faults one by one, and the kernel's own counts for the same process
/// (getrusage from wait4, including its children that it waited for).
/// </summary>
/// <param name="Path">The program.</param>
/// <param name="Exit">How it ended.</param>
/// <param name="Recording">Its faults, from execve on.</param>
/// <param name="Rusage">wait4's totals for the whole process: from fork, so including <paramref name="BeforeExec"/>.</param>
/// <param name="BeforeExec">The process's own counts just before execve (the launcher's few faults after fork).</param>
public sealed record ProgramRun(string Path, ChildExit Exit, FaultRecording Recording, FaultCounts Rusage, FaultCounts BeforeExec)
{
    /// <summary>getrusage's counts from execve on: what the recording is compared with.</summary>
    public FaultCounts FromExec => Rusage - BeforeExec;
}
