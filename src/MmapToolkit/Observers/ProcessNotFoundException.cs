namespace MmapToolkit.Observers;

/// <summary>No process with that pid (there is no <c>/proc/&lt;pid&gt;</c>), or it ended while being read.</summary>
public sealed class ProcessNotFoundException(int pid)
    : IOException($"no process with pid {pid} (/proc/{pid} does not exist or it has exited)")
{
    /// <summary>The pid that was looked for.</summary>
    public int Pid { get; } = pid;
}
