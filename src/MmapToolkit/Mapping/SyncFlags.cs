using static MmapToolkit.Interop.MmanConstants;

namespace MmapToolkit.Mapping;

/// <summary>msync(2) flags. Exactly one of <see cref="Async"/> and <see cref="Sync"/>; <see cref="Invalidate"/> may be added.</summary>
[Flags]
public enum SyncFlags
{
    /// <summary>Schedule the write-back and return.</summary>
    Async = MS_ASYNC,
    /// <summary>Invalidate other mappings of the same file so they see the new contents.</summary>
    Invalidate = MS_INVALIDATE,
    /// <summary>Write back and wait for it to finish.</summary>
    Sync = MS_SYNC,
}
