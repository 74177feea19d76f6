using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>&lt;fcntl.h&gt;: open, posix_fadvise. Bound directly so ETXTBSY and EACCES arrive as errno, not as a .NET IOException.</summary>
internal static partial class Libc
{
    internal const int O_RDONLY = 0x0, O_WRONLY = 0x1, O_RDWR = 0x2, O_CREAT = 0x40, O_TRUNC = 0x200, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;

    internal const int POSIX_FADV_DONTNEED = 4;

    [LibraryImport(Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    /// <summary>Returns 0 or the error number itself (posix_fadvise does not set errno).</summary>
    [LibraryImport(Name, EntryPoint = "posix_fadvise")]
    internal static partial int PosixFadvise(int fd, long offset, long length, int advice);
}
