namespace MmapToolkit.Model.Kernel;

/// <summary>Where execve and mmap put things, in bytes (x86-64-like; page-aligned for any supported page size).</summary>
public static class Layout
{
    public const long TextBase = 0x400000;
    /// <summary>Where brk's heap starts in a process created without execve.</summary>
    public const long DefaultHeapBase = 0x10000000;
    /// <summary>mmap without MAP_FIXED picks the highest free range below this.</summary>
    public const long MmapTop = 0x7f0000000000;
    /// <summary>The stack ends here (exclusive).</summary>
    public const long StackTop = 0x7ffffffff000;
}
