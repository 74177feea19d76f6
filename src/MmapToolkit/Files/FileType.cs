using MmapToolkit.Interop;

namespace MmapToolkit.Files;

/// <summary>What a path names, as stat(2) sees it after following symbolic links.</summary>
public enum FileType
{
    /// <summary>Nothing at that path.</summary>
    Missing,
    /// <summary>A regular file.</summary>
    RegularFile,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A character device (<c>/dev/zero</c>, a terminal).</summary>
    CharacterDevice,
    /// <summary>A block device (a disk).</summary>
    BlockDevice,
    /// <summary>A named pipe.</summary>
    Fifo,
    /// <summary>A Unix-domain socket.</summary>
    Socket,
    /// <summary>Any other type stat(2) reports.</summary>
    Other,
}

/// <summary>The type of the file a path names (.NET reports a device as a plain file).</summary>
public static class FileTypes
{
    /// <summary>The type of <paramref name="path"/>; <see cref="FileType.Missing"/> if nothing is there
    /// (ENOENT, ENOTDIR). Other failures (EACCES on a directory on the way) are a <see cref="SyscallException"/>.</summary>
    public static FileType Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Libc.Statx(Libc.AT_FDCWD, path, 0, Libc.STATX_TYPE, out var head) != 0)
        {
            var errno = ErrnoExtensions.Last();
            if (errno is Errno.ENOENT or Errno.ENOTDIR) return FileType.Missing;
            throw SyscallException.For($"statx(\"{path}\", STATX_TYPE)", errno);
        }
        return Of(head.Mode);
    }

    /// <summary>The type a stat mode (st_mode, stx_mode) says.</summary>
    internal static FileType Of(ushort mode) =>
        (mode & Libc.S_IFMT) switch
        {
            Libc.S_IFREG => FileType.RegularFile,
            Libc.S_IFDIR => FileType.Directory,
            Libc.S_IFCHR => FileType.CharacterDevice,
            Libc.S_IFBLK => FileType.BlockDevice,
            Libc.S_IFIFO => FileType.Fifo,
            Libc.S_IFSOCK => FileType.Socket,
            _ => FileType.Other,
        };

    /// <summary>"a directory", "a character device", … for messages.</summary>
    public static string Describe(FileType type) => type switch
    {
        FileType.Missing => "missing",
        FileType.RegularFile => "a regular file",
        FileType.Directory => "a directory",
        FileType.CharacterDevice => "a character device",
        FileType.BlockDevice => "a block device",
        FileType.Fifo => "a named pipe",
        FileType.Socket => "a socket",
        _ => "not a regular file",
    };
}
