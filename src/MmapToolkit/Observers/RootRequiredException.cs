namespace MmapToolkit.Observers;

/// <summary>
/// The figure asked for comes from the kernel only to a privileged reader (CAP_SYS_ADMIN, in practice root):
/// page frame numbers in pagemap, <c>/proc/kpagecount</c> and <c>/proc/kpageflags</c>.
/// </summary>
public sealed class RootRequiredException(string what)
    : UnauthorizedAccessException($"{what} needs root (CAP_SYS_ADMIN); run as root to see it")
{
    /// <summary>What was asked for (a path or a figure), as the message names it.</summary>
    public string What { get; } = what;
}
