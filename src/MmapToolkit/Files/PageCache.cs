using Microsoft.Win32.SafeHandles;
using MmapToolkit.Interop;

namespace MmapToolkit.Files;

/// <summary>The page cache, as far as a process can steer it.</summary>
public static class PageCache
{
    /// <summary>
    /// Writes the file back and asks the kernel to drop its cached pages (fsync + POSIX_FADV_DONTNEED), so that the
    /// next access reads from disk. Pages that are still mapped somewhere stay cached.
    /// </summary>
    public static void Evict(SafeFileHandle file, string path)
    {
        int fd = (int)file.DangerousGetHandle();
        if (Libc.Fsync(fd) != 0) throw SyscallException.FromLastError($"fsync(\"{path}\")");
        int error = Libc.PosixFadvise(fd, 0, 0, Libc.POSIX_FADV_DONTNEED);
        if (error != 0) throw SyscallException.For($"posix_fadvise(\"{path}\", POSIX_FADV_DONTNEED)", (Errno)error);
    }
}
