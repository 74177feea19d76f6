namespace MmapToolkit.Model.Kernel;

/// <summary>Page protection, as mmap/mprotect take it (PROT_NONE is <see cref="None"/>).</summary>
[Flags]
public enum Protection
{
    None = 0,
    Read = 1,
    Write = 2,
    Exec = 4,
    ReadWrite = Read | Write,
    ReadExec = Read | Exec,
}

/// <summary>mmap flags. Exactly one of <see cref="Shared"/> and <see cref="Private"/> must be given.</summary>
[Flags]
public enum MapFlags
{
    None = 0,
    /// <summary>Writes are seen by every process mapping the object and reach the file.</summary>
    Shared = 1,
    /// <summary>Writes are private copies (copy-on-write); the file never changes.</summary>
    Private = 2,
    /// <summary>No file: zero-filled memory (a hidden shared-memory object when combined with <see cref="Shared"/>).</summary>
    Anonymous = 4,
    /// <summary>Map exactly at the address given, replacing whatever was mapped there.</summary>
    Fixed = 8,
    /// <summary>Pre-page: fault every page in at mmap time (MAP_POPULATE).</summary>
    Populate = 16,
}

/// <summary>The kind of memory access a process makes.</summary>
public enum AccessKind { Read, Write, Execute }

/// <summary>How fork copies the address space.</summary>
public enum ForkStrategy
{
    /// <summary>Share every page; write-protect private pages in both processes; copy a page on the first write to it
    /// while its share count is above 1.</summary>
    CopyOnWrite,
    /// <summary>The old way: allocate and copy every present page of private mappings at fork time.</summary>
    EagerCopy,
    /// <summary>The notes' broken idea: leave the parent writable, mark the child's pages not present, and copy from
    /// the parent at the child's first touch, so the child sees whatever the parent wrote after fork.</summary>
    LazyCopyWithoutWriteProtection,
}

/// <summary>madvise advice.</summary>
public enum Advice { Normal, Random, Sequential, WillNeed, DontNeed }

/// <summary>msync flags.</summary>
public enum SyncMode { Sync, Async }

/// <summary>open flags that matter to the model.</summary>
[Flags]
public enum OpenFlags
{
    ReadOnly = 0,
    WriteOnly = 1,
    ReadWrite = 2,
    Truncate = 4,
}

/// <summary>What a region of an address space holds (for display and for exec's layout).</summary>
public enum RegionKind { Text, Data, Bss, Heap, Stack, Mmap, LibraryText, LibraryData, LibraryBss }
