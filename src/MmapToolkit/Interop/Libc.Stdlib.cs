using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>&lt;stdlib.h&gt;: the C allocator, for showing what free() can and cannot give back to the kernel.</summary>
internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "malloc")]
    internal static partial nint Malloc(nuint size);

    [LibraryImport(Name, EntryPoint = "free")]
    internal static partial void Free(nint pointer);
}
