using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>&lt;unistd.h&gt;: sysconf, close, ftruncate, pread, pwrite, fsync, getpid.</summary>
internal static unsafe partial class Libc
{
    internal const int _SC_PAGESIZE = 30;

    [LibraryImport(Name, EntryPoint = "sysconf", SetLastError = true)]
    internal static partial long Sysconf(int name);

    [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Name, EntryPoint = "ftruncate", SetLastError = true)]
    internal static partial int Ftruncate(int fd, long length);

    [LibraryImport(Name, EntryPoint = "pread", SetLastError = true)]
    internal static partial nint Pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Name, EntryPoint = "pwrite", SetLastError = true)]
    internal static partial nint Pwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Name, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(int fd);

    [LibraryImport(Name, EntryPoint = "getpid")]
    internal static partial int Getpid();
}
