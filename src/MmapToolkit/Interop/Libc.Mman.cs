using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>&lt;sys/mman.h&gt;: mmap, munmap, mremap, mprotect, msync, madvise, mincore, memfd_create.</summary>
internal static unsafe partial class Libc
{
    [LibraryImport(Name, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport(Name, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int Munmap(nint addr, nuint length);

    [LibraryImport(Name, EntryPoint = "mremap", SetLastError = true)]
    internal static partial nint Mremap(nint oldAddress, nuint oldSize, nuint newSize, int flags, nint newAddress);

    [LibraryImport(Name, EntryPoint = "mprotect", SetLastError = true)]
    internal static partial int Mprotect(nint addr, nuint length, int prot);

    [LibraryImport(Name, EntryPoint = "msync", SetLastError = true)]
    internal static partial int Msync(nint addr, nuint length, int flags);

    [LibraryImport(Name, EntryPoint = "madvise", SetLastError = true)]
    internal static partial int Madvise(nint addr, nuint length, int advice);

    [LibraryImport(Name, EntryPoint = "mincore", SetLastError = true)]
    internal static partial int Mincore(nint addr, nuint length, byte* vec);

    [LibraryImport(Name, EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MemfdCreate(string name, uint flags);
}
