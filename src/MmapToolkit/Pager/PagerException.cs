using MmapToolkit.Interop;

namespace MmapToolkit.Pager;

/// <summary>
/// A pager region could not be created: too many mappings for <c>vm.max_map_count</c>, too many regions, a bad
/// argument, or a failed system call. The message names the cause.
/// </summary>
public sealed class PagerException(string message, Errno errno) : InvalidOperationException(message)
{
    /// <summary>The errno behind the failure.</summary>
    public Errno Errno { get; } = errno;
}
