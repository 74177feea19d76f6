using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>Linux errno values (asm-generic/errno-base.h and errno.h) the toolkit can meet.</summary>
public enum Errno
{
    /// <summary>Operation not permitted.</summary>
    EPERM = 1,
    /// <summary>No such file or directory.</summary>
    ENOENT = 2,
    /// <summary>No such process.</summary>
    ESRCH = 3,
    /// <summary>Interrupted system call.</summary>
    EINTR = 4,
    /// <summary>Input/output error.</summary>
    EIO = 5,
    /// <summary>No such device or address.</summary>
    ENXIO = 6,
    /// <summary>Argument list too long.</summary>
    E2BIG = 7,
    /// <summary>Exec format error.</summary>
    ENOEXEC = 8,
    /// <summary>Bad file descriptor.</summary>
    EBADF = 9,
    /// <summary>No child processes.</summary>
    ECHILD = 10,
    /// <summary>Resource temporarily unavailable.</summary>
    EAGAIN = 11,
    /// <summary>Cannot allocate memory (for mmap and mprotect also: too many mappings, <c>vm.max_map_count</c>).</summary>
    ENOMEM = 12,
    /// <summary>Permission denied (for mmap: the file's open mode does not allow the protection asked for).</summary>
    EACCES = 13,
    /// <summary>Bad address.</summary>
    EFAULT = 14,
    /// <summary>Device or resource busy.</summary>
    EBUSY = 16,
    /// <summary>File exists (for MAP_FIXED_NOREPLACE: something is already mapped there).</summary>
    EEXIST = 17,
    /// <summary>Invalid cross-device link.</summary>
    EXDEV = 18,
    /// <summary>No such device (for mmap: the file system does not support memory mapping).</summary>
    ENODEV = 19,
    /// <summary>Not a directory.</summary>
    ENOTDIR = 20,
    /// <summary>Is a directory.</summary>
    EISDIR = 21,
    /// <summary>Invalid argument.</summary>
    EINVAL = 22,
    /// <summary>Too many open files in system.</summary>
    ENFILE = 23,
    /// <summary>Too many open files (in this process).</summary>
    EMFILE = 24,
    /// <summary>Text file busy: a running program cannot be opened for writing, nor a file open for writing executed.</summary>
    ETXTBSY = 26,
    /// <summary>File too large.</summary>
    EFBIG = 27,
    /// <summary>No space left on device.</summary>
    ENOSPC = 28,
    /// <summary>Illegal seek.</summary>
    ESPIPE = 29,
    /// <summary>Read-only file system.</summary>
    EROFS = 30,
    /// <summary>Broken pipe.</summary>
    EPIPE = 32,
    /// <summary>Numerical result out of range.</summary>
    ERANGE = 34,
    /// <summary>File name too long.</summary>
    ENAMETOOLONG = 36,
    /// <summary>Function not implemented: this kernel lacks the system call.</summary>
    ENOSYS = 38,
    /// <summary>Value too large for defined data type.</summary>
    EOVERFLOW = 75,
    /// <summary>Operation not supported.</summary>
    EOPNOTSUPP = 95,
    /// <summary>Connection timed out (the toolkit also uses it for a child that overran its time limit).</summary>
    ETIMEDOUT = 110,
}

/// <summary>Names and texts of <see cref="Errno"/> values.</summary>
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
