using Microsoft.Win32.SafeHandles;
using MmapToolkit.Interop;

namespace MmapToolkit.Files;

/// <summary>stat(2) of a path (after symbolic links): its type, owner and size.</summary>
public sealed record FileStatus(FileType Type, uint Owner, long Size)
{
    /// <summary>The process's effective user id: whose files it may treat as its own.</summary>
    public static uint EffectiveUserId => Libc.Geteuid();

    /// <summary>The status of <paramref name="path"/>, or null when nothing is there (ENOENT, ENOTDIR). Other failures
    /// (EACCES on a directory on the way) are a <see cref="SyscallException"/>.</summary>
    public static FileStatus? Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux()) return PortableOf(path);
        if (Libc.Statx(Libc.AT_FDCWD, path, 0, Libc.STATX_TYPE | Libc.STATX_UID | Libc.STATX_SIZE, out var head) != 0)
        {
            var errno = ErrnoExtensions.Last();
            if (errno is Errno.ENOENT or Errno.ENOTDIR) return null;
            throw SyscallException.For($"statx(\"{path}\", STATX_TYPE|STATX_UID|STATX_SIZE)", errno);
        }
        return new FileStatus(FileTypes.Of(head.Mode), head.Uid, (long)head.Size);
    }

    /// <summary>The status of the file <paramref name="handle"/> has open (statx with AT_EMPTY_PATH): what was opened,
    /// whatever its path names now. Linux only.</summary>
    public static FileStatus Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ObjectDisposedException.ThrowIf(handle.IsClosed, handle);
        int fd = (int)handle.DangerousGetHandle();
        if (Libc.Statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_UID | Libc.STATX_SIZE, out var head) != 0)
            throw SyscallException.FromLastError($"statx(fd {fd}, \"\", AT_EMPTY_PATH)");
        return new FileStatus(FileTypes.Of(head.Mode), head.Uid, (long)head.Size);
    }

    /// <summary>Elsewhere .NET's view: files and directories only, owner unknown (<see cref="uint.MaxValue"/>).</summary>
    private static FileStatus? PortableOf(string path) =>
        Directory.Exists(path) ? new FileStatus(FileType.Directory, uint.MaxValue, 0)
        : File.Exists(path) ? new FileStatus(FileType.RegularFile, uint.MaxValue, new FileInfo(path).Length)
        : null;

    /// <summary>True for a regular file (not a directory, device, pipe or socket).</summary>
    public bool IsRegular => Type == FileType.RegularFile;

    /// <summary>How the type reads in a message: "a character device".</summary>
    public string TypeName => FileTypes.Describe(Type);
}
