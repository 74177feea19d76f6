using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>Linux errno values (asm-generic/errno-base.h and errno.h) the toolkit can meet.</summary>
public enum Errno
{
    EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8, EBADF = 9,
    ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, EXDEV = 18,
    ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23, EMFILE = 24, ETXTBSY = 26, EFBIG = 27,
    ENOSPC = 28, ESPIPE = 29, EROFS = 30, EPIPE = 32, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38,
    EOVERFLOW = 75, EOPNOTSUPP = 95, ETIMEDOUT = 110,
}

public static class ErrnoExtensions
{
    /// <summary>The errno's symbolic name, or "errno N" for one not in <see cref="Errno"/>.</summary>
    public static string Name(this Errno errno) =>
        Enum.IsDefined(errno) ? errno.ToString() : $"errno {(int)errno}";

    /// <summary>The C library's own text for the errno (strerror).</summary>
    public static string Description(this Errno errno) => Marshal.GetPInvokeErrorMessage((int)errno);

    /// <summary>errno as left by the last <c>SetLastError = true</c> P/Invoke on this thread.</summary>
    internal static Errno Last() => (Errno)Marshal.GetLastPInvokeError();
}
