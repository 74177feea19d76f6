namespace MmapToolkit.Observers;

/// <summary>
/// The process exists but has no user address space to read: a kernel thread (it runs only in the kernel's
/// memory), or a zombie (it has exited; its parent has not yet collected it).
/// </summary>
public sealed class NoAddressSpaceException(int pid, string command, bool kernelThread)
    : IOException(kernelThread
        ? $"pid {pid} ({command}) is a kernel thread: it has no user address space, so there are no mappings to show"
        : $"pid {pid} ({command}) is a zombie: it has exited and its parent has not collected it yet, so no address space is left")
{
    /// <summary>The process asked about.</summary>
    public int Pid { get; } = pid;
    /// <summary>True for a kernel thread, false for a zombie.</summary>
    public bool IsKernelThread { get; } = kernelThread;
}
