using Microsoft.Win32.SafeHandles;
using MmapToolkit.Interop;

namespace MmapToolkit.Files;

/// <summary>
/// memfd_create(2): an anonymous file in memory (shmem), with no name in any directory. It lives until its last
/// descriptor and mapping are gone; <c>/proc/self/fd/N</c> names it for calls that want a path.
/// </summary>
public static class MemoryFile
{
    /// <summary>Creates one, close-on-exec. <paramref name="name"/> is shown in /proc/PID/maps as <c>/memfd:NAME</c>.</summary>
    public static SafeFileHandle Create(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        int fd = Libc.MemfdCreate(name, MmanConstants.MFD_CLOEXEC);
        if (fd < 0)
        {
            var errno = ErrnoExtensions.Last();
            throw SyscallException.For($"memfd_create(\"{name}\", MFD_CLOEXEC)", errno,
                errno == Errno.EINVAL ? "the name is longer than 249 bytes" :
                errno == Errno.EMFILE ? "this process has no free file descriptor" : null);
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
