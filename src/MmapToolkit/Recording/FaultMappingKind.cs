namespace MmapToolkit.Recording;

/// <summary>What kind of mapping a fault fell in.</summary>
public enum FaultMappingKind
{
    /// <summary>No mapping was known to cover the address (unmapped before the maps could be read).</summary>
    Unknown,
    /// <summary>A file mapping (a program, a library, a data file).</summary>
    File,
    /// <summary>Anonymous memory (mmap MAP_ANONYMOUS, thread stacks, shared memory without a name).</summary>
    Anonymous,
    /// <summary>The brk heap, <c>[heap]</c>.</summary>
    Heap,
    /// <summary>The main thread's stack, <c>[stack]</c>.</summary>
    Stack,
    /// <summary>A mapping the kernel provides, such as <c>[vdso]</c> or <c>[vvar]</c>.</summary>
    Special,
}
