using Microsoft.Win32.SafeHandles;
using MmapToolkit.Interop;

namespace MmapToolkit.Files;

/// <summary>
/// open(2) without .NET's translation of errno, so ETXTBSY, EACCES and ENOENT arrive as typed
/// <see cref="SyscallException"/>s that name the path and flags.
/// </summary>
public static class PosixFile
{
    /// <summary>Opens for reading only.</summary>
    public static SafeFileHandle OpenReadOnly(string path) => Open(path, Libc.O_RDONLY, "O_RDONLY");

    /// <summary>Opens for reading and writing; a running program gives <see cref="TextFileBusyException"/> (ETXTBSY).</summary>
    public static SafeFileHandle OpenReadWrite(string path) => Open(path, Libc.O_RDWR, "O_RDWR");

    /// <summary>Opens for writing only; a running program gives <see cref="TextFileBusyException"/> (ETXTBSY).</summary>
    public static SafeFileHandle OpenWriteOnly(string path) => Open(path, Libc.O_WRONLY, "O_WRONLY");

    /// <summary>
    /// Opens for reading without waiting: a FIFO or a device opens at once instead of blocking until a writer comes.
    /// For a path that must be checked after it is opened (<see cref="FileStatus.Of(SafeFileHandle)"/>), since what a
    /// path names can change between a stat and an open.
    /// </summary>
    public static SafeFileHandle OpenReadOnlyNonBlocking(string path) =>
        Open(path, Libc.O_RDONLY | Libc.O_NONBLOCK, "O_RDONLY|O_NONBLOCK");

    private static SafeFileHandle Open(string path, int flags, string flagText)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int fd = Libc.Open(path, flags | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = ErrnoExtensions.Last();
            throw SyscallException.For($"open(\"{path}\", {flagText})", errno,
                errno == Errno.ETXTBSY ? "the file is a program that is running now" : null);
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
